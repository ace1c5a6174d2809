import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { startEmbeddedPostgres } from "./embedded-db";
import { getEnv, type Env } from "./env";
import { PrismaClient, type Prisma } from "./generated/prisma/client";

/** The client or a transaction: what functions that may run inside one take. */
export type DbClient = Prisma.TransactionClient;

// Server-side bounds for a real Postgres: the server cancels a slow statement
// (SQLSTATE 57014 → 503) a little before the client would give up, so it does
// not run on, and ends a transaction left idle by a frozen or crashed instance.
function serverTimeouts(env: Env) {
  return {
    statement_timeout: env.DB_QUERY_TIMEOUT_MS,
    query_timeout: env.DB_QUERY_TIMEOUT_MS + 1000,
    idle_in_transaction_session_timeout: env.DB_QUERY_TIMEOUT_MS * 2,
  };
}

/**
 * How long a query may wait for a connection. pg's pool uses one bound for
 * connecting and for queueing. PGlite has a single connection, so a burst
 * queues for it by design; its connect is to an in-process loopback socket
 * that, when gone, refuses at once, so the longer wait never delays a 503.
 */
function connectionWaitMs(env: Env): number {
  return env.DATABASE_URL ? env.DB_CONNECT_TIMEOUT_MS : env.DB_CONNECT_TIMEOUT_MS + 2 * env.DB_QUERY_TIMEOUT_MS;
}

function postgresAdapter(env: Env, connectionString: string, max: number, embedded = false): PrismaPg {
  return new PrismaPg({
    connectionString,
    max,
    connectionTimeoutMillis: connectionWaitMs(env),
    idleTimeoutMillis: 10_000,
    keepAlive: true,
    ...(embedded ? { query_timeout: env.DB_QUERY_TIMEOUT_MS } : serverTimeouts(env)),
  });
}

async function connectEmbedded(env: Env): Promise<SqlDriverAdapter> {
  const embedded = await startEmbeddedPostgres(env.EMBEDDED_DB_DIR);
  const adapter = await postgresAdapter(env, embedded.url, 1, true).connect();
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await embedded.stop();
  };
  return adapter;
}

// The embedded database starts on the first query, so importing this module is free.
function embeddedAdapter(env: Env): SqlDriverAdapterFactory {
  let connection: Promise<SqlDriverAdapter> | undefined;
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => {
      connection ??= connectEmbedded(env);
      return connection;
    },
  };
}

function createClient(): PrismaClient {
  const env = getEnv();
  const adapter = env.DATABASE_URL ? postgresAdapter(env, env.DATABASE_URL, 5) : embeddedAdapter(env);
  return new PrismaClient({ adapter });
}

// One client per process: Next's dev server re-evaluates modules on every edit.
const globalForDb = globalThis as unknown as { traxDb?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.traxDb ??= createClient();
  return globalForDb.traxDb;
}

/**
 * Runs fn in one transaction, so a multi-row write lands whole or not at all.
 * Waiting for a connection and running are bounded like single queries.
 */
export function inTransaction<T>(fn: (tx: DbClient) => Promise<T>): Promise<T> {
  const env = getEnv();
  return getDb().$transaction(fn, { maxWait: connectionWaitMs(env), timeout: env.DB_QUERY_TIMEOUT_MS });
}
