import pg from "pg";
import { getPool } from "./db";
import { getEnv } from "./env";
import { writeLogLine } from "./log";

// What a transaction-mode pooler without prepared-statement support (PgBouncer
// before 1.21, or max_prepared_statements = 0) answers when a named statement
// was prepared on another server connection: "does not exist" or "already exists".
const POOLER_REFUSED_NAMED = new Set(["26000", "42P05"]);
const TIMESTAMP_OID = 1114;

// Prisma keeps DateTime as `timestamp` (no zone) in UTC; pg alone would read it as local time.
const types = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? (value: string) => new Date(`${value.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format),
};

let namedStatements: boolean | undefined;

function namesStatements(): boolean {
  namedStatements ??= getEnv().DB_PREPARED_STATEMENTS;
  return namedStatements;
}

function refusedByPooler(error: unknown): boolean {
  return error instanceof pg.DatabaseError && POOLER_REFUSED_NAMED.has(error.code ?? "");
}

/** Requests in flight when the pooler first refuses each meet it; the switch is logged once. */
function stopNaming(): void {
  if (namedStatements === false) return;
  namedStatements = false;
  writeLogLine("warn", {
    event: "prepared_statements_off",
    message: "The database connection does not keep named prepared statements (a transaction-mode pooler?); using unnamed ones. Set DB_PREPARED_STATEMENTS=false to skip this check.",
  });
}

/**
 * One read as a named prepared statement, so Postgres parses and plans it once
 * per connection instead of on every call. Behind a pooler that cannot keep
 * them, the first refusal switches this process to unnamed statements and the
 * read is retried (a read is safe to repeat).
 */
export async function queryPrepared<Row>(name: string, text: string, values: unknown[]): Promise<Row[]> {
  const pool = await getPool();
  const run = async (config: pg.QueryConfig) => (await pool.query(config)).rows as Row[];
  if (!namesStatements()) return run({ text, values, types });
  try {
    return await run({ name, text, values, types });
  } catch (error) {
    if (!refusedByPooler(error)) throw error;
    stopNaming();
    return run({ text, values, types });
  }
}
