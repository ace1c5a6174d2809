import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
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
function createPool(env: Env, connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: connectionWaitMs(env),
    // Short, so a serverless instance frozen between requests holds few idle connections.
    idleTimeoutMillis: 5_000,
    keepAlive: true,
    query_timeout: env.DB_QUERY_TIMEOUT_MS + 1000,
  });
  // An idle connection the server closed (a restart, a pooler's timeout) is dropped by the
  // pool; unheard, the pool's error event would end the process before Prisma listens.
  pool.on("error", () => {});
  return pool;
}

interface OpenPool {
  pool: pg.Pool;
  stop: () => Promise<void>;
}

async function openEmbeddedPool(env: Env): Promise<OpenPool> {
  // Loaded only here: a deployment with DATABASE_URL never loads PGlite.
  const { startEmbeddedPostgres } = await import("./embedded-db");
  const embedded = await startEmbeddedPostgres(env.EMBEDDED_DB_DIR);
  return { pool: createPool(env, embedded.url, 1), stop: () => embedded.stop() };
}

/** One pool for Prisma and the hot path, opened on first use and opened afresh after a close. */
function lazyPool(open: () => Promise<OpenPool>) {
  let current: Promise<OpenPool> | undefined;
  return {
    get: async () => (await (current ??= open())).pool,
    close: async () => {
      const closing = current;
      current = undefined;
      if (!closing) return;
      const { pool, stop } = await closing;
      await pool.end();
      await stop();
    },
  };
}

type Pools = ReturnType<typeof lazyPool>;

/** Prisma on the shared pool; disposing it (`$disconnect`) closes the pool too. */
function adapterOn(pools: Pools): SqlDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => {
      const adapter = await new PrismaPg(await pools.get()).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await pools.close();
      };
      return adapter;
    },
  };
}

interface Database {
  prisma: PrismaClient;
  pools: Pools;
}

// Nothing connects before the first query, so importing this module is free.
function createDatabase(): Database {
  const env = getEnv();
  const { DATABASE_URL } = env;
  const open = DATABASE_URL
    ? async () => ({ pool: createPool(env, DATABASE_URL, env.DB_POOL_SIZE), stop: async () => {} })
    : () => openEmbeddedPool(env);
  const pools = lazyPool(open);
  return { prisma: new PrismaClient({ adapter: adapterOn(pools) }), pools };
}

// One client per process: Next's dev server re-evaluates modules on every edit.
const globalForDb = globalThis as unknown as { traxDatabase?: Database };

function database(): Database {
  globalForDb.traxDatabase ??= createDatabase();
  return globalForDb.traxDatabase;
}

export function getDb(): PrismaClient {
  return database().prisma;
}

/** The connection pool Prisma runs on, for the one query that goes around Prisma (lib/auth/session.ts says why). */
export function getPool(): Promise<pg.Pool> {
  return database().pools.get();
}

/**
 * Runs fn in one transaction, so a multi-row write lands whole or not at all.
 * Waiting for a connection and running are bounded like single queries.
 */
export function inTransaction<T>(fn: (tx: DbClient) => Promise<T>): Promise<T> {
  const env = getEnv();
  return getDb().$transaction(fn, { maxWait: connectionWaitMs(env), timeout: env.DB_QUERY_TIMEOUT_MS });
}
