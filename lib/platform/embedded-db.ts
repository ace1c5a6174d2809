import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export const DEFAULT_EMBEDDED_DIR = ".data/pglite";

interface EmbeddedPostgres {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Runs PGlite behind its Postgres wire-protocol socket on loopback, so the
 * app and the Prisma CLI reach it through the same `pg` adapter as a real
 * Postgres: unique violations, timeouts and transactions then behave
 * identically on both backends.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // PGlite has a single session: one connection keeps transactions apart.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 1 });
  await server.start();
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

