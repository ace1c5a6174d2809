/**
 * Runs the Prisma CLI against DATABASE_URL or, when it is unset, against the
 * embedded PGlite database, served on loopback for the length of the command.
 *   npm run prisma -- migrate deploy
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { DEFAULT_EMBEDDED_DIR, startEmbeddedPostgres } from "@/lib/platform/embedded-db";

const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");

async function runPrisma(args: string[]): Promise<number> {
  const configured = process.env.DATABASE_URL;
  const embedded = configured ? null : await startEmbeddedPostgres(process.env.EMBEDDED_DB_DIR ?? DEFAULT_EMBEDDED_DIR);
  try {
    const env = { ...process.env, DATABASE_URL: configured ?? embedded?.url };
    // Asynchronous on purpose: this process's event loop serves the embedded database.
    return await new Promise<number>((resolve) => {
      spawn(process.execPath, [prismaCli, ...args], { stdio: "inherit", env }).on("exit", (code) => resolve(code ?? 1));
    });
  } finally {
    await embedded?.stop();
  }
}

process.exitCode = await runPrisma(process.argv.slice(2));
