import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { applyDatabaseBounds } from "@/lib/platform/database-bounds";
import { parseDatabaseEnv } from "@/lib/platform/env";
import { ROOT, TEST_JWT_SECRET, type Backend } from "./constants";
import {
  copyPgliteTemplate,
  createPostgresDatabase,
  dropPostgresDatabase,
  queryPglite,
  removeDir,
  withPostgres,
  type Row,
} from "./databases";
import { pooledUrl } from "./pooler";
import { freePort, stopProcess, waitFor } from "./processes";

/** A `next start` of the real production build, on its own fresh database. */
export interface TestApp {
  backend: Backend;
  baseUrl: string;
  /**
   * Runs SQL against the app's database (for PGlite: with the server paused,
   * restarted until /api/health answers 200, or any status with `unhealthy`).
   */
  sql(text: string, params?: unknown[], options?: { unhealthy?: boolean }): Promise<Row[]>;
  restart(env?: Record<string, string>): Promise<void>;
  /** What the server printed so far (its request-error log lines among it). */
  output(): string;
  /** The environment the server runs with (its database's among it), e.g. for startServer. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

/** One more `next start`, on a database that belongs to someone else (it is not dropped on stop). */
export interface TestServer {
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export const TEST_ENV: Record<string, string> = {
  NODE_ENV: "production",
  JWT_SECRET: TEST_JWT_SECRET,
  // The lowest cost production accepts; one test runs at the default 12.
  BCRYPT_COST: "10",
  // Every test client is 127.0.0.1: rate-limit tests pass low limits to startApp themselves.
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: "100000",
  SIGNIN_MAX_ATTEMPTS_PER_IP: "100000",
  SIGNUP_MAX_PER_IP: "100000",
};

/** Production requires both: links point at this app, and mail goes to the suite's accepting SMTP server. */
function mailEnv(port: number): Record<string, string> {
  return { APP_URL: `http://127.0.0.1:${port}`, SMTP_URL: `smtp://127.0.0.1:${inject("smtpSinkPort")}` };
}

const nextBin = path.join(ROOT, "node_modules/next/dist/bin/next");

async function startNext(port: number, env: Record<string, string>, log: { text: string }, unhealthy = false): Promise<ChildProcess> {
  const child = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (log.text += chunk));
  child.stderr?.on("data", (chunk) => (log.text += chunk));
  const healthy = async () => {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${log.text}`);
    const { ok } = await fetch(`http://127.0.0.1:${port}/api/health`);
    return ok || unhealthy;
  };
  await waitFor(healthy, "the app to answer /api/health").catch(async (error: unknown) => {
    await stopProcess(child);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log.text}`);
  });
  return child;
}

interface TestDatabase {
  env: Record<string, string>;
  sql: (text: string, params: unknown[]) => Promise<Row[]>;
  pausesServer: boolean;
  drop: () => Promise<void>;
}

function pooledUrlFor(database: string): string {
  const port = inject("poolerPort");
  if (port === null) throw new Error("the pgbouncer backend needs the pooler that global setup starts");
  return pooledUrl(port, database);
}

/** A copy from a template loses the database's own settings: stored again as `npm run db:migrate` does. */
async function applyBounds(url: string, env: Record<string, string>): Promise<void> {
  const settings = parseDatabaseEnv({ ...env, DATABASE_URL: url });
  await withPostgres(url, (client) => applyDatabaseBounds((text) => client.query(text), settings));
}

async function databaseFor(backend: Backend, env: Record<string, string>): Promise<TestDatabase> {
  if (backend === "pglite") {
    const dir = await copyPgliteTemplate(inject("pgliteTemplate"));
    return {
      env: { EMBEDDED_DB_DIR: dir, ALLOW_EMBEDDED_DATABASE: "true" },
      sql: (text: string, params: unknown[]) => queryPglite(dir, text, params),
      pausesServer: true,
      drop: () => removeDir(dir),
    };
  }
  const name = `${inject("postgresPrefix")}${randomUUID().slice(0, 8)}`;
  const url = await createPostgresDatabase(name, inject("postgresTemplate"));
  await applyBounds(url, env);
  return {
    env: backend === "pgbouncer" ? { DATABASE_URL: pooledUrlFor(name), DIRECT_DATABASE_URL: url } : { DATABASE_URL: url },
    sql: async (text: string, params: unknown[]) => withPostgres(url, async (c) => (await c.query(text, params)).rows as Row[]),
    pausesServer: false,
    drop: () => dropPostgresDatabase(name),
  };
}

export async function startApp(backend: Backend, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await databaseFor(backend, env);
  const port = await freePort();
  const log = { text: "" };
  let currentEnv = { ...TEST_ENV, ...mailEnv(port), ...database.env, ...env };
  let child: ChildProcess | null = await startNext(port, currentEnv, log);
  const stop = async () => {
    if (child) await stopProcess(child);
    child = null;
  };
  const restart = async (overrides: Record<string, string> = {}) => {
    await stop();
    currentEnv = { ...currentEnv, ...overrides };
    child = await startNext(port, currentEnv, log);
  };
  return {
    backend,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => log.text,
    env: () => ({ ...currentEnv }),
    restart,
    async sql(text, params = [], { unhealthy = false } = {}) {
      if (!database.pausesServer) return database.sql(text, params);
      await stop();
      try {
        return await database.sql(text, params);
      } finally {
        child = await startNext(port, currentEnv, log, unhealthy);
      }
    },
    async stop() {
      await stop();
      await database.drop();
    },
  };
}

/**
 * Starts another server on `app.env()` (plus overrides): two instances on one
 * Postgres database, as serverless deployments run. Not for PGlite, whose
 * database lives inside the first server's process.
 */
export async function startServer(app: TestApp, env: Record<string, string> = {}): Promise<TestServer> {
  if (app.backend === "pglite") throw new Error("startServer shares a Postgres database; PGlite has one process");
  const port = await freePort();
  const log = { text: "" };
  const child = await startNext(port, { ...app.env(), ...env }, log);
  return { baseUrl: `http://127.0.0.1:${port}`, output: () => log.text, stop: () => stopProcess(child) };
}

/**
 * Starts an app for the enclosing describe block (beforeAll) and stops it
 * after (afterAll). The returned object is filled in once the app is up, so
 * read it inside hooks and tests, not while the block is being declared.
 */
export function useApp(backend: Backend, env: Record<string, string> = {}): TestApp {
  const app = {} as TestApp;
  beforeAll(async () => {
    Object.assign(app, await startApp(backend, env));
  });
  afterAll(async () => {
    await app.stop?.();
  });
  return app;
}
