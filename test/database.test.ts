import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { useApp } from "./support/app";
import { serverBackends } from "./support/backends";
import { ROOT, TEST_JWT_SECRET } from "./support/constants";
import { createPostgresDatabase, dropPostgresDatabase, withPostgres } from "./support/databases";
import { listeningPortsOfProcessOn } from "./support/sockets";

interface ScriptResult {
  code: number | null;
  output: string;
}

/** Runs one of the project's scripts as `npm run …` would, with exactly the given environment on top of PATH. */
function runScript(script: string, args: string[], env: Record<string, string>): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [script, ...args], {
      cwd: ROOT,
      // Not process.env: NODE_ENV and the database variables must be exactly what the case sets.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

function modesUnder(dir: string): { path: string; mode: number; isDirectory: boolean }[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((entry) => {
    const stat = statSync(path.join(dir, entry));
    return { path: entry, mode: stat.mode & 0o777, isDirectory: stat.isDirectory() };
  });
}

function connectWith(port: number, password?: string): Promise<unknown> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres", password, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  return client.connect().finally(() => client.end().catch(() => {}));
}

describe("the embedded database", () => {
  const app = useApp("pglite");

  it("refuses a connection that is not the app's own", async () => {
    const [port, ...others] = listeningPortsOfProcessOn(Number(new URL(app.baseUrl).port));
    expect(others).toEqual([]);
    await expect(connectWith(port!)).rejects.toMatchObject({ code: "28P01" });
    await expect(connectWith(port!, "guessed-password")).rejects.toMatchObject({ code: "28P01" });
    expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
  });

  it("keeps its data directory and files owner-only", () => {
    const dir = app.env().EMBEDDED_DB_DIR ?? "";
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const open = modesUnder(dir).filter((entry) => (entry.mode & 0o077) !== 0);
    expect(open).toEqual([]);
  });
});

describe.runIf(serverBackends().includes("postgres"))("migrate and seed against a production database", () => {
  const name = `${inject("postgresPrefix")}deploy_${randomUUID().slice(0, 8)}`;
  let direct: string;
  const production = { NODE_ENV: "production", JWT_SECRET: TEST_JWT_SECRET };
  beforeAll(async () => {
    direct = await createPostgresDatabase(name);
  });
  afterAll(async () => {
    await dropPostgresDatabase(name);
  });

  it("refuses to migrate a production build that has no database URL, instead of an embedded one", async () => {
    const dir = path.join(tmpdir(), `trax-never-${randomUUID()}`);
    const builds: Record<string, string>[] = [{ NODE_ENV: "production" }, { VERCEL: "1" }];
    for (const env of builds) {
      const result = await runScript("scripts/migrate.ts", [], { ...env, EMBEDDED_DB_DIR: dir });
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/DATABASE_URL: required in production/);
    }
    expect(existsSync(dir)).toBe(false);
  });

  it("keeps the URL's TLS settings: sslmode=require fails against a server without TLS", async () => {
    const result = await runScript("scripts/migrate.ts", [], { ...production, DATABASE_URL: `${direct}?sslmode=require` });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/does not support SSL/i);
  });

  it("migrates on DIRECT_DATABASE_URL, stores the statement bounds, and seeds no user", async () => {
    const unreachable = "postgresql://postgres@127.0.0.1:9/nowhere";
    const env = { ...production, DATABASE_URL: unreachable, DIRECT_DATABASE_URL: `${direct}?sslmode=disable` };
    const migrated = await runScript("scripts/migrate.ts", [], env);
    expect(migrated.code, migrated.output).toBe(0);
    const seeded = await runScript("scripts/seed.ts", [], { ...production, DATABASE_URL: direct });
    expect(seeded.code, seeded.output).toBe(0);
    const unsetNodeEnv = await runScript("scripts/seed.ts", [], { DATABASE_URL: direct, JWT_SECRET: TEST_JWT_SECRET });
    expect(unsetNodeEnv.code, unsetNodeEnv.output).toBe(0);
    const refused = await runScript("scripts/seed.ts", ["--demo-user"], { ...production, DATABASE_URL: direct });
    expect(refused.code).not.toBe(0);
    await withPostgres(direct, async (client) => {
      expect((await client.query(`SELECT count(*)::int AS n FROM "User"`)).rows[0].n).toBe(0);
      expect((await client.query(`SELECT count(*)::int AS n FROM "Song"`)).rows[0].n).toBe(60);
      expect((await client.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("5s");
    });
  });
});
