import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// Catalog-only types: "char" (18) and name (19); both read fine as text (25).
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const PG_TEXT_OID = 25;

interface QueryResultLike {
  fields?: { dataTypeID: number }[];
}

function nameColumnsAsText<T>(result: T): T {
  for (const field of (result as QueryResultLike).fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

/**
 * The schema engine reads Postgres catalogs, whose `name` and `"char"` columns
 * @prisma/adapter-pg 6.19 cannot decode (prisma/orm#27403). Reporting them as
 * `text` (which they are, up to 63 bytes) lets migrate run offline through the
 * driver adapter. Used by the Prisma CLI only, never by the app.
 */
class CatalogReadingClient extends pg.Client {
  // @ts-expect-error -- one override for all of pg's query() overloads
  override query(...args: unknown[]) {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) => last(error, result && nameColumnsAsText(result));
    }
    // @ts-expect-error -- forwarding the same arguments
    const pending: unknown = super.query(...args);
    return pending instanceof Promise ? pending.then(nameColumnsAsText) : pending;
  }
}

export function migrationAdapter(connectionString: string): SqlMigrationAwareDriverAdapterFactory {
  // The cast only restates pg's overloaded query() signature, which the override keeps.
  const Client = CatalogReadingClient as unknown as typeof pg.Client;
  // Discrete fields rather than connectionString, so the shadow database's name
  // (which adapter-pg passes as `database`) is not overridden by the URL's;
  // every other parameter of the URL (sslmode and the TLS files among them) is kept.
  const connection = parseIntoClientConfig(connectionString);
  return new PrismaPg({ ...connection, max: 1, allowExitOnIdle: true, idleTimeoutMillis: 200, Client });
}
