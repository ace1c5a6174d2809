import { inject } from "vitest";
import { BACKENDS, type Backend } from "./constants";

function isAvailable(backend: Backend): boolean {
  if (backend === "postgres") return inject("postgresAvailable");
  if (backend === "pgbouncer") return inject("poolerPort") !== null;
  return true;
}

/** Every backend; Postgres and the pooler are only ever left out outside CI (global setup fails CI without them). */
export function backends(): Backend[] {
  return BACKENDS.filter(isAvailable);
}

/** The backends that are a Postgres server, shared by several app instances. */
export function serverBackends(): Backend[] {
  return backends().filter((backend) => backend !== "pglite");
}
