import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ROOT } from "./constants";
import {
  createPostgresDatabase,
  dropPostgresDatabase,
  dropPostgresDatabasesWithPrefix,
  migrateAndSeed,
  postgresIsReachable,
  removeDir,
} from "./databases";
import { poolerIsInstalled, startPooler, type Pooler } from "./pooler";
import { run } from "./processes";
import { startSmtp } from "./smtp";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
    postgresPrefix: string;
    postgresAvailable: boolean;
    /** PgBouncer's loopback port, or null when the pooler backend does not run. */
    poolerPort: number | null;
    /** An SMTP server that accepts every mail, for the suites that do not read mail themselves. */
    smtpSinkPort: number;
  }
}

const BUILD_INPUTS = ["pages", "components", "lib", "styles", "next.config.js", "instrumentation.ts", "package-lock.json", "prisma/schema.prisma"];

function newestMtime(entry: string): number {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(full).map((child) => newestMtime(path.join(entry, child))));
}

/** Tests run against `next build` output; rebuild when any source is newer. */
export async function ensureBuild(): Promise<void> {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (Math.max(...BUILD_INPUTS.map(newestMtime)) < builtAt) return;
  console.log("[test] building the app (next build)…");
  await run(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"]);
}

function withoutDatabaseUrl(extra: Record<string, string>): Record<string, string | undefined> {
  const env = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  delete env.DIRECT_DATABASE_URL;
  return env;
}

async function startPoolerIfPossible(postgresAvailable: boolean): Promise<Pooler | null> {
  if (postgresAvailable && poolerIsInstalled()) return startPooler();
  if (process.env.CI) throw new Error("PgBouncer (apt-get install pgbouncer) and Postgres are required in CI");
  console.warn("[test] PgBouncer is not installed (apt-get install pgbouncer): skipping the pooled backend");
  return null;
}

export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString("hex");
  const prefix = `trax_test_${runId}_`;
  const postgresAvailable = await postgresIsReachable();
  if (!postgresAvailable && process.env.CI) throw new Error("Postgres at 127.0.0.1:5432 is unreachable: CI requires it");
  if (!postgresAvailable) console.warn("[test] Postgres is unreachable: running the PGlite half of the suite only");

  await ensureBuild();
  const pgliteTemplate = mkdtempSync(path.join(tmpdir(), "trax-pglite-template-"));
  const postgresTemplate = `${prefix}template`;
  const templates = [migrateAndSeed(withoutDatabaseUrl({ EMBEDDED_DB_DIR: pgliteTemplate, ALLOW_EMBEDDED_DATABASE: "true" }))];
  if (postgresAvailable) {
    const url = await createPostgresDatabase(postgresTemplate);
    templates.push(migrateAndSeed({ ...process.env, DATABASE_URL: url }));
  }
  await Promise.all(templates);
  const pooler = await startPoolerIfPossible(postgresAvailable);
  const smtpSink = await startSmtp();

  project.provide("pgliteTemplate", pgliteTemplate);
  project.provide("postgresTemplate", postgresTemplate);
  project.provide("postgresPrefix", prefix);
  project.provide("postgresAvailable", postgresAvailable);
  project.provide("poolerPort", pooler?.port ?? null);
  project.provide("smtpSinkPort", smtpSink.port);

  return async () => {
    await smtpSink.stop();
    await pooler?.stop();
    await removeDir(pgliteTemplate);
    if (postgresAvailable) {
      await dropPostgresDatabasesWithPrefix(prefix);
      await dropPostgresDatabase(postgresTemplate);
    }
  };
}
