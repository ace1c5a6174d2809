import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app";
import { Client } from "./support/client";
import { ROOT } from "./support/constants";

const run = promisify(execFile);
const REDOCLY = path.join(ROOT, "node_modules/@redocly/cli/bin/cli.js");

interface LintTotals {
  errors: number;
  warnings: number;
  ignored: number;
}

/** Redocly CLI at the recommended ruleset (redocly.yaml), offline: no telemetry, no update check. */
async function redoclyLint(document: unknown): Promise<{ totals: LintTotals; problems: unknown[] }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "trax-openapi-")), "openapi.json");
  writeFileSync(file, JSON.stringify(document));
  const args = [REDOCLY, "lint", file, "--config", path.join(ROOT, "redocly.yaml"), "--format", "json"];
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
  // It exits 1 when it finds errors; the report on stdout says what they are either way.
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, env }).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? "" }));
  return JSON.parse(stdout) as { totals: LintTotals; problems: unknown[] };
}

// The document does not depend on the database: one backend is enough.
describe("the served OpenAPI document, linted", () => {
  let app: TestApp;
  let document: Record<string, unknown>;

  beforeAll(async () => {
    app = await startApp("pglite");
    const reply = await new Client(app.baseUrl).get("/api/openapi.json");
    expect(reply.status).toBe(200);
    document = reply.body as Record<string, unknown>;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("has no error and no warning under Redocly's recommended rules", async () => {
    const report = await redoclyLint(document);
    expect(report.problems, JSON.stringify(report.problems, null, 2).slice(0, 4000)).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it("is valid OpenAPI 3.1 to a second, schema-based validator", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? [], JSON.stringify(result.errors ?? []).slice(0, 2000)).toEqual([]);
    expect(validator.version).toBe("3.1");
    expect(result.valid).toBe(true);
  });

  it("would fail both: the linters do see what is wrong", async () => {
    const broken = structuredClone(document) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const signIn = broken.paths["/api/signin"]?.post ?? {};
    delete signIn.operationId;
    // OpenAPI 2's body parameter, which 3.x has no place for.
    signIn.parameters = [{ name: "body", in: "body", schema: { type: "object" } }];
    const report = await redoclyLint(broken);
    expect(report.totals.errors + report.totals.warnings).toBeGreaterThan(0);
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });
});
