import { getDb } from "./db";
import { isMissingTable, SchemaNotMigratedError } from "./errors";
import { LATEST_MIGRATION } from "./migrations";

// A schema found up to date is trusted this long per process, so a health
// check polled every second is mostly a `SELECT 1`. A failure is never
// remembered: once the database is migrated, the next check says so.
const SCHEMA_CHECK_TTL_MS = 5_000;
let schemaCheckedAt = -Infinity;

/** Whether `prisma migrate deploy` finished this build's newest migration (and it was not rolled back). */
async function latestMigrationApplied(): Promise<boolean> {
  try {
    const rows = await getDb().$queryRaw<{ applied: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ${LATEST_MIGRATION}
        AND finished_at IS NOT NULL AND rolled_back_at IS NULL) AS applied`;
    return rows[0]?.applied === true;
  } catch (error) {
    if (isMissingTable(error)) return false;
    throw error;
  }
}

/** Throws unless the database answers and its schema is what this build expects (both → 503). */
export async function checkDatabase(): Promise<void> {
  if (performance.now() - schemaCheckedAt < SCHEMA_CHECK_TTL_MS) {
    await getDb().$queryRaw`SELECT 1`;
    return;
  }
  if (!(await latestMigrationApplied())) throw new SchemaNotMigratedError(LATEST_MIGRATION);
  schemaCheckedAt = performance.now();
}
