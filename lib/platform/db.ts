import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { getEnv, type Env } from "./env";
import { PrismaClient, type Prisma } from "./generated/prisma/client";

/** The client or a transaction: what functions that may run inside one take. */
export type DbClient = Prisma.TransactionClient;

/**
 * How long a query may wait for a connection. pg's pool uses one bound for
 * connecting and for queueing. PGlite has a single connection, so a burst
 * queues for it by design; its connect is to an in-process loopback socket
 * that, when gone, refuses at once, so the longer wait never delays a 503.
 */
function connectionWaitMs(env: Env): number {
  return env.DATABASE_URL ? env.DB_CONNECT_TIMEOUT_MS : env.DB_CONNECT_TIMEOUT_MS + 2 * env.DB_QUERY_TIMEOUT_MS;
}

/**
 * No start-up parameters (statement_timeout and the like): a transaction-mode
 * pooler such as PgBouncer refuses the connection over them. The server-side
 * bounds are the database's own defaults, which `npm run db:migrate` sets
 * (database-bounds.ts); query_timeout is the client's, a little longer, for a
 * server that does not answer at all.
 */
function postgresAdapter(env: Env, connectionString: string, max: number): PrismaPg {
  return new PrismaPg({
    connectionString,
    max,
    connectionTimeoutMillis: connectionWaitMs(env),
    // Short, so a serverless instance frozen between requests holds few idle connections.
    idleTimeoutMillis: 5_000,
    keepAlive: true,
    query_timeout: env.DB_QUERY_TIMEOUT_MS + 1000,
  });
}

async function connectEmbedded(env: Env): Promise<SqlDriverAdapter> {
  // Loaded only here: a deployment with DATABASE_URL never loads PGlite.
  const { startEmbeddedPostgres } = await import("./embedded-db");
  const embedded = await startEmbeddedPostgres(env.EMBEDDED_DB_DIR);
  const adapter = await postgresAdapter(env, embedded.url, 1).connect();
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
  const adapter = env.DATABASE_URL ? postgresAdapter(env, env.DATABASE_URL, env.DB_POOL_SIZE) : embeddedAdapter(env);
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
