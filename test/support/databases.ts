import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { POSTGRES_ADMIN_URL, ROOT, TEST_JWT_SECRET, postgresUrl } from "./constants";
import { run } from "./processes";

export type Row = Record<string, unknown>;

export async function withPostgres<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function postgresIsReachable(): Promise<boolean> {
  return withPostgres(POSTGRES_ADMIN_URL, async () => true).catch(() => false);
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function createPostgresDatabase(name: string, template?: string): Promise<string> {
  const from = template ? ` TEMPLATE ${quoteIdent(template)}` : "";
  await withPostgres(POSTGRES_ADMIN_URL, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}${from}`));
  return postgresUrl(name);
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  await withPostgres(POSTGRES_ADMIN_URL, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

export async function dropPostgresDatabasesWithPrefix(prefix: string): Promise<void> {
  const names = await withPostgres(POSTGRES_ADMIN_URL, async (client) => {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    return rows.map((row) => row.datname);
  });
  for (const name of names) await dropPostgresDatabase(name);
}

const tsx = path.join(ROOT, "node_modules/.bin/tsx");

/** Applies migrations and seeds the catalogue, exactly as `npm run db:migrate && npm run db:seed`. */
export async function migrateAndSeed(databaseEnv: Record<string, string | undefined>): Promise<void> {
  const env = { ...databaseEnv, NODE_ENV: "production", JWT_SECRET: TEST_JWT_SECRET, BCRYPT_COST: "10" };
  await run(tsx, ["scripts/migrate.ts"], env);
  await run(tsx, ["scripts/seed.ts"], env);
}

export async function copyPgliteTemplate(template: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "trax-pglite-"));
  await cp(template, dir, { recursive: true });
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Runs SQL on a PGlite data directory that no server has open. */
export async function queryPglite(dir: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const db = await PGlite.create(dir);
  try {
    return (await db.query<Row>(text, params)).rows;
  } finally {
    await db.close();
  }
}
