import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
/** Known to the tests so they can forge tokens the server must refuse. */
export const TEST_JWT_SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

/** The embedded database, Postgres directly, and Postgres through PgBouncer in transaction mode. */
export type Backend = "pglite" | "postgres" | "pgbouncer";
export const BACKENDS: Backend[] = ["pglite", "postgres", "pgbouncer"];

export function postgresUrl(database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
