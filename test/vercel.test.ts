/**
 * The Vercel deploy path, offline: `vercel build --prod` of this repository
 * (the build command migrates a fresh database on DIRECT_DATABASE_URL), then
 * the API function and the pages function, each copied alone into an empty
 * directory and started the way Vercel's Node.js runtime starts it, serve real
 * requests on a Postgres behind PgBouncer in transaction mode, as a hosted
 * provider's pooled URL.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT, TEST_JWT_SECRET, postgresUrl } from "./support/constants";
import { createPostgresDatabase, dropPostgresDatabase, removeDir, withPostgres } from "./support/databases";
import { pooledUrl } from "./support/pooler";
import {
  builtFunctions,
  copyFunction,
  functionEnv,
  functionFor,
  startFunction,
  vercelBuild,
  type BuiltFunction,
  type RunningFunction,
} from "./vercel/function";

const COOKIE = "__Host-trax_session";
// What Vercel's proxy adds in front of every function: the client's address, the scheme and host it used.
const PROXY_HEADERS = { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https", "x-forwarded-host": "trax.example" };
const MB = 1_000_000;

interface VercelRoute {
  src?: string;
  headers?: Record<string, string>;
}

describe.skipIf(!inject("postgresAvailable"))("the Vercel deploy path (vercel build, one function alone, PgBouncer)", () => {
  const database = `${inject("postgresPrefix")}vercel_${randomUUID().slice(0, 8)}`;
  const poolerPort = inject("poolerPort");
  const directUrl = postgresUrl(database);
  // Outside CI PgBouncer may be missing (global setup says so); CI always has it.
  const pooled = poolerPort === null ? directUrl : pooledUrl(poolerPort, database);
  const project = {
    DATABASE_URL: pooled,
    DIRECT_DATABASE_URL: directUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    TRUST_PROXY: "x-forwarded-for",
    APP_URL: "https://trax.example",
    SMTP_URL: `smtp://127.0.0.1:${inject("smtpSinkPort")}`,
  };
  const email = `vercel-${randomUUID().slice(0, 8)}@example.com`;

  let outputDir = "";
  let buildLog = "";
  let functions: BuiltFunction[] = [];
  const copies: string[] = [];
  let api: RunningFunction | undefined;
  let pages: RunningFunction | undefined;
  let cookie = "";

  const request = (fn: RunningFunction | undefined, route: string, init: RequestInit = {}) => {
    if (!fn) throw new Error("the function did not start");
    return fetch(`${fn.baseUrl}${route}`, { ...init, redirect: "manual", headers: { ...PROXY_HEADERS, ...init.headers } });
  };

  beforeAll(async () => {
    await createPostgresDatabase(database);
    outputDir = await mkdtemp(path.join(tmpdir(), "trax-vercel-output-"));
    buildLog = await vercelBuild(outputDir, project);
    functions = await builtFunctions(outputDir);
    const apiDir = await copyFunction(functionFor(outputDir, "api/signup"));
    const pagesDir = await copyFunction(functionFor(outputDir, "account"));
    copies.push(path.dirname(apiDir), path.dirname(pagesDir));
    api = await startFunction(apiDir, functionEnv(project));
    pages = await startFunction(pagesDir, functionEnv(project));
  }, 600_000);

  afterAll(async () => {
    await api?.stop();
    await pages?.stop();
    for (const dir of [outputDir, ...copies]) if (dir) await removeDir(dir);
    await dropPostgresDatabase(database);
  });

  it("builds Node.js functions for the major that package.json's engines pins", async () => {
    const engines = (JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
    expect(engines).toMatch(/^\d+\.x$/);
    expect(buildLog).not.toContain("will automatically upgrade");
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.config.runtime, fn.name).toBe(`nodejs${engines}`);
      expect(fn.config.launcherType, fn.name).toBe("Nodejs");
    }
  });

  it("leaves PGlite, Prisma's other engines and runtimes, and the Prisma CLI out of every function", () => {
    const neverLoaded = [
      /^node_modules\/@electric-sql\//,
      /^\.next\/node_modules\/@electric-sql\//,
      /^node_modules\/@prisma\/client\/runtime\/query_engine_bg\./,
      /^node_modules\/@prisma\/client\/runtime\/query_compiler_bg\.(cockroachdb|mysql|sqlite|sqlserver)\./,
      /^node_modules\/(prisma|@prisma\/engines)\//,
    ];
    for (const fn of functions) {
      expect(fn.files.filter((file) => neverLoaded.some((pattern) => pattern.test(file))), fn.name).toEqual([]);
      // 13 MB when this was written (87 MB before the exclusions); Vercel's limit is 250 MB.
      expect(fn.bytes / MB, fn.name).toBeLessThan(25);
    }
  });

  it("ran the build command's migrations on the fresh database", async () => {
    const rows = await withPostgres(directUrl, async (client) => (await client.query('SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL')).rows);
    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  it("answers /api/health with 200 through the pooled URL", async () => {
    const response = await request(api, "/api/health");
    expect(response.status, api?.output()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("signs up: 201 and a Secure, HttpOnly session cookie", async () => {
    const response = await request(api, "/api/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "vercel-password-2026" }),
    });
    expect(response.status, api?.output()).toBe(201);
    const setCookie = response.headers.getSetCookie().find((value) => value.startsWith(`${COOKIE}=`)) ?? "";
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; HttpOnly/);
    cookie = setCookie.split(";")[0] ?? "";
    expect((await response.json()) as unknown).toMatchObject({ user: { email } });
  });

  it("answers /api/me with 200 and that user for that cookie", async () => {
    const response = await request(api, "/api/me", { headers: { cookie } });
    expect(response.status, api?.output()).toBe(200);
    expect((await response.json()) as unknown).toMatchObject({ user: { email } });
  });

  it("renders the account page in the pages function for that session, and redirects without one", async () => {
    const signedIn = await request(pages, "/account", { headers: { cookie } });
    expect(signedIn.status, pages?.output()).toBe(200);
    expect(signedIn.headers.get("content-type")).toMatch(/^text\/html/);
    const anonymous = await request(pages, "/account");
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get("location")).toBe("/signin?next=%2Faccount");
  });

  it("hands the security headers to Vercel's routes, which add them in front of every function", async () => {
    // In Vercel's minimal mode Next does not send next.config.js's headers() itself.
    const config = JSON.parse(await readFile(path.join(outputDir, "config.json"), "utf8")) as { routes: VercelRoute[] };
    const withHeaders = config.routes.filter((route) => route.headers && route.src);
    const headersFor = (pathname: string) =>
      Object.assign({}, ...withHeaders.filter((route) => new RegExp(route.src ?? "").test(pathname)).map((route) => route.headers));
    for (const pathname of ["/api/me", "/account", "/"]) {
      expect(headersFor(pathname), pathname).toMatchObject({ "X-Frame-Options": "DENY", "Strict-Transport-Security": expect.stringContaining("max-age=") });
    }
    // Pages get theirs, with a nonce per response, from proxy.ts (Vercel runs it before the function).
    expect(headersFor("/api/me")["Content-Security-Policy"]).toMatch(/^default-src 'none'/);
    expect(headersFor("/account")["Content-Security-Policy"]).toBeUndefined();
  });
});
