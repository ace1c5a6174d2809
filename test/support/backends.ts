import { inject } from "vitest";
import { BACKENDS, type Backend } from "./constants";

/** Both databases; Postgres is only ever left out outside CI (global setup fails CI without it). */
export function backends(): Backend[] {
  return inject("postgresAvailable") ? BACKENDS : BACKENDS.filter((backend) => backend !== "postgres");
}
