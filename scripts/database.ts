/**
 * What the database commands share: the configured database, or the embedded
 * one served on loopback for the length of a command.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { parseDatabaseEnv, type DatabaseEnv } from "@/lib/platform/env";
import { readConfigurationOrExit } from "@/lib/platform/startup";

const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");

/** The database settings, or the process exits naming what is wrong. */
export function databaseEnv(): DatabaseEnv {
  return readConfigurationOrExit(() => parseDatabaseEnv(process.env));
}

/** Runs fn with the URL migrations use: DIRECT_DATABASE_URL, DATABASE_URL, or the embedded database's. */
export async function withMigrationDatabase<T>(env: DatabaseEnv, fn: (url: string) => Promise<T>): Promise<T> {
  if (env.migrationUrl) return fn(env.migrationUrl);
  const { startEmbeddedPostgres } = await import("@/lib/platform/embedded-db");
  const embedded = await startEmbeddedPostgres(env.EMBEDDED_DB_DIR);
  try {
    return await fn(embedded.url);
  } finally {
    await embedded.stop();
  }
}

/** The Prisma CLI against url. Asynchronous on purpose: this process's event loop may serve the embedded database. */
export function runPrismaCli(args: string[], url: string): Promise<number> {
  const env = { ...process.env, DATABASE_URL: url };
  return new Promise<number>((resolve) => {
    spawn(process.execPath, [prismaCli, ...args], { stdio: "inherit", env }).on("exit", (code) => resolve(code ?? 1));
  });
}
