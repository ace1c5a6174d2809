/**
 * `npm run db:migrate`: applies the migrations on the migration URL
 * (DIRECT_DATABASE_URL, else DATABASE_URL; the embedded database outside
 * production), then stores the statement and idle-transaction bounds as the
 * database's defaults. In production without a database URL it stops.
 */
import pg from "pg";
import { applyDatabaseBounds } from "@/lib/platform/database-bounds";
import { databaseEnv, runPrismaCli, withMigrationDatabase } from "./database";

async function storeBounds(url: string, queryTimeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const where = await applyDatabaseBounds((text) => client.query(text), { DB_QUERY_TIMEOUT_MS: queryTimeoutMs });
    console.log(`Bounded statements to ${queryTimeoutMs} ms (as this ${where}'s defaults).`);
  } finally {
    await client.end();
  }
}

const env = databaseEnv();
process.exitCode = await withMigrationDatabase(env, async (url) => {
  const code = await runPrismaCli(["migrate", "deploy"], url);
  if (code === 0 && env.migrationUrl) await storeBounds(url, env.DB_QUERY_TIMEOUT_MS);
  return code;
});
