import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LATEST_MIGRATION } from "@/lib/platform/migrations";
import { useApp } from "./support/app";
import { backends } from "./support/backends";
import { Client } from "./support/client";
import { ROOT } from "./support/constants";
import { expectError } from "./support/contract";
import { waitFor } from "./support/processes";

describe("the migration this build expects", () => {
  it("is the newest directory in prisma/migrations", () => {
    const migrations = readdirSync(path.join(ROOT, "prisma/migrations"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(migrations.length).toBeGreaterThan(0);
    expect(LATEST_MIGRATION).toBe(migrations.at(-1));
  });
});

describe.each(backends())("GET /api/health on %s", (backend) => {
  const app = useApp(backend);
  const health = (headers: Record<string, string> = {}) => new Client(app.baseUrl).get("/api/health", { headers });
  // While the schema is behind, a restarted PGlite server answers 503, which is the point.
  const behind = { unhealthy: true };
  // A success is remembered a few seconds per process: wait out that memory, not a fixed time.
  const until503 = () => waitFor(async () => (await health()).status === 503, "health to see the schema behind", 15_000);

  it("is 503 while the database lacks this build's newest migration, and 200 as soon as it has it", async () => {
    expect((await health()).body).toEqual({ status: "ok" });

    await app.sql(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1`, [LATEST_MIGRATION], behind);
    await until503();
    await app.sql(`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = $1`, [LATEST_MIGRATION]);
    expect((await health()).status).toBe(200);

    const [row] = await app.sql(`DELETE FROM _prisma_migrations WHERE migration_name = $1 RETURNING *`, [LATEST_MIGRATION], behind);
    expect(row).toBeDefined();
    await until503();
    const id = randomUUID();
    expectError(await health({ "x-request-id": id }), 503, "unavailable");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const line = app
      .output()
      .split("\n")
      .filter((text) => text.startsWith("{"))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((logged) => logged.requestId === id);
    expect(line).toMatchObject({ level: "error", route: "/api/health", status: 503, code: "unavailable" });
    expect(line?.cause).toEqual({ name: "SchemaNotMigratedError", message: `The database schema is not migrated: expected migration ${LATEST_MIGRATION}.` });

    await app.sql(`INSERT INTO _prisma_migrations SELECT * FROM json_populate_record(NULL::_prisma_migrations, $1::json)`, [JSON.stringify(row)]);
    expect((await health()).status).toBe(200);
  });

  it("is 503 on a database that was never migrated", async () => {
    await app.sql(`ALTER TABLE _prisma_migrations RENAME TO trax_test_migrations`, [], behind);
    try {
      await until503();
    } finally {
      await app.sql(`ALTER TABLE trax_test_migrations RENAME TO _prisma_migrations`);
    }
    expect((await health()).status).toBe(200);
  });
});
