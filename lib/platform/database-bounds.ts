import type { DatabaseEnv } from "./env";

type Query = (text: string) => Promise<unknown>;

function boundsFor(env: Pick<DatabaseEnv, "DB_QUERY_TIMEOUT_MS">): Record<string, string> {
  return {
    statement_timeout: `${env.DB_QUERY_TIMEOUT_MS}ms`,
    idle_in_transaction_session_timeout: `${env.DB_QUERY_TIMEOUT_MS * 2}ms`,
  };
}

function alterSql(target: "DATABASE %I" | "ROLE CURRENT_USER IN DATABASE %I", bounds: Record<string, string>): string {
  const statements = Object.entries(bounds).map(
    ([name, value]) => `EXECUTE format('ALTER ${target} SET ${name} = %L', current_database(), '${value}');`,
  );
  return `DO $$ BEGIN ${statements.join(" ")} END $$`;
}

const INSUFFICIENT_PRIVILEGE = "42501";

/**
 * Makes the database itself cancel a statement that runs past
 * DB_QUERY_TIMEOUT_MS (SQLSTATE 57014 → 503) and end a transaction left idle
 * by a frozen or crashed instance. Stored as the database's defaults, they
 * apply to every new server session, including a pooler's, which connection
 * start-up parameters or a per-session SET would not reach. Without ownership
 * of the database, the connecting role's own defaults in it are set instead.
 * Returns where they were stored.
 */
export async function applyDatabaseBounds(query: Query, env: Pick<DatabaseEnv, "DB_QUERY_TIMEOUT_MS">): Promise<"database" | "role"> {
  const bounds = boundsFor(env);
  try {
    await query(alterSql("DATABASE %I", bounds));
    return "database";
  } catch (error) {
    if ((error as { code?: unknown }).code !== INSUFFICIENT_PRIVILEGE) throw error;
    await query(alterSql("ROLE CURRENT_USER IN DATABASE %I", bounds));
    return "role";
  }
}
