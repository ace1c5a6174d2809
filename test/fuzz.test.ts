import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app";
import { backends } from "./support/backends";
import { signUp, type Client, type Reply } from "./support/client";
import { ROOT } from "./support/constants";

const API_DIR = path.join(ROOT, "pages/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const RUNS_PER_ROUTE = 120;
// Field names the routes read, so the fuzzer reaches past "missing field" often.
const FIELDS = ["email", "password", "name", "currentPassword", "newPassword", "expiresInDays", "q", "cursor", "limit", "id", "songId", "code", "recoveryCode", "response"];

/** Every route file under pages/api, as a URL template: `playlists/[id]/songs/[songId].ts` → `/api/playlists/:id/songs/:songId`. */
function routeTemplates(dir = API_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeTemplates(full);
    if (!/\.(?:ts|tsx|js)$/.test(entry.name) || entry.name.endsWith(".d.ts")) return [];
    const segments = path.relative(API_DIR, full).replace(/\.(?:ts|tsx|js)$/, "").split(path.sep);
    if (segments.at(-1) === "index") segments.pop();
    return [`/api/${segments.map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, ":$1")).join("/")}`.replace(/\/$/, "")];
  });
}

function fillTemplate(template: string, values: string[]): string {
  let index = 0;
  // Dots are encoded too: "." and ".." would otherwise be resolved away by the URL parser before the request leaves.
  return template.replace(/:\w+/g, () => encodeURIComponent(values[index++] ?? "x").replaceAll(".", "%2E"));
}

const nasty = fc.constantFrom("a\u0000b", "\ud800", "😀".repeat(40), "<script>alert(1)</script>", "' OR '1'='1", "x".repeat(5000), "__proto__");

const jsonValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ minLength: 129, maxLength: 400 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.emailAddress(),
);

/** `{"name": [[[…]]]}`: nesting from harmless to thousands of levels, inside the 16 KiB limit. */
const nested = fc.integer({ min: 1, max: 8000 }).map((depth) => `{"name":${"[".repeat(depth)}${"]".repeat(depth)}}`);
/** An object of many keys, up to the body limit. */
const wide = fc.integer({ min: 10, max: 1500 }).map((keys) => JSON.stringify(Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, i]))));

const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), jsonValue).map((value) => JSON.stringify(value)),
  nested,
  wide,
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 60 }),
  fc.constant(""),
  fc.constant(JSON.stringify({ name: "n".repeat(17 * 1024) })),
);

const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/merge-patch+json", "");

const query = fc
  .dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), nasty), { maxKeys: 4 })
  .map((params) => new URLSearchParams(params).toString());

/** Percent-encodings a decoder may choke on, sent as they are (not encoded again). */
const RAW_ENCODINGS = ["%", "%2", "%zz", "%00", "%c0%af", "%ff%fe", "%2F", "%5C", "%E2%80%AE", "%25", "%%41", "%u0041", "%F0%9F%98"];

/** Every page, with a path parameter filled in. */
const PAGES = ["/", "/signin", "/signup", "/account", "/playlist/:id", "/forgot-password", "/reset-password", "/verify-email", "/dev/mailbox", "/no-such-page"];

function expectContractReply(reply: Reply, label: string): void {
  expect(reply.status, `${label} → ${reply.status} ${reply.text}`).toBeLessThan(500);
  if (reply.status < 400) return;
  const error = (reply.body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null)?.error;
  expect(Object.keys(reply.body as object), label).toEqual(["error"]);
  expect(error?.code, label).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
  expect(typeof error?.message, label).toBe("string");
  if (error?.fields !== undefined) expect(error.code, label).toBe("validation_failed");
  if (reply.status === 405) expect(reply.headers.get("allow"), label).toBeTruthy();
  expect(reply.text, label).not.toMatch(/\bat .+:\d+:\d+|prisma|SELECT |INSERT |node_modules/i);
}

describe("route enumeration", () => {
  it("maps nested dynamic route files to URL templates", () => {
    const templates = routeTemplates();
    expect(templates).toEqual(expect.arrayContaining(["/api/signup", "/api/signin", "/api/me", "/api/health"]));
    expect(templates.every((template) => /^\/api(?:\/[\w.-]+|\/:\w+)+$/.test(template))).toBe(true);
  });
});

describe.each(backends())("fuzzing every API route on %s", (backend) => {
  let app: TestApp;
  let knownIds: string[] = [];
  beforeAll(async () => {
    app = await startApp(backend);
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function signedInClient(): Promise<Client> {
    const { client, user } = await signUp(app.baseUrl);
    if (knownIds.length === 0) {
      const songs = await app.sql(`SELECT id, "artistId" FROM "Song" ORDER BY id LIMIT 3`);
      knownIds = songs.flatMap((row) => [String(row.id), String(row.artistId)]);
    }
    return Object.assign(client, { userId: user.id });
  }

  it.each(routeTemplates())("%s: never a 5xx, always the contract's error shape", { timeout: 240_000 }, async (template) => {
    const client = await signedInClient();
    const playlist = await client.post("/api/playlists", { name: "fuzz" });
    const ids = [...knownIds, (playlist.body as { playlist?: { id?: string } } | null)?.playlist?.id ?? "none"];
    const pathParam = fc.oneof(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }),
      fc.constantFrom(...ids),
      fc.constantFrom("..", "%00", "\u0000", "' OR 1=1 --", "a".repeat(300)),
    );
    const paramCount = (template.match(/:\w+/g) ?? []).length;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), fc.array(pathParam, { minLength: paramCount, maxLength: paramCount }), query, body, contentType, async (method, params, search, payload, type) => {
        const dotted = params.some((param) => /^\.{1,2}$/.test(param));
        // Next answers a dot-segment path with a 308 that repeats the query twice in its headers; a long fuzzed
        // query then overflows the test client's 16 KiB header limit, which says nothing about the server.
        const url = `${fillTemplate(template, params)}${search && !dotted ? `?${search}` : ""}`;
        const hasBody = method !== "GET" && method !== "HEAD";
        const reply = await client.request(method, url, {
          ...(hasBody && { body: payload }),
          headers: { ...(hasBody && type && { "content-type": type }) },
        });
        // Next resolves dot segments (even encoded) before routing, so such a request is for another path, which
        // may be no API route at all: Next's own HTML 404. Only "never a 5xx" applies to it.
        if (method === "HEAD" || dotted) {
          expect(reply.status, `${method} ${url}`).toBeLessThan(500);
          return;
        }
        expectContractReply(reply, `${method} ${url} ${type} ${payload.slice(0, 200)}`);
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
  });

  it("never answers a 5xx to a raw percent-encoding edge case in a path or a query", async () => {
    const client = await signedInClient();
    for (const template of routeTemplates()) {
      for (const raw of RAW_ENCODINGS) {
        const url = `${template.replace(/:\w+/g, `x${raw}`)}?q=${raw}&cursor=${raw}`;
        for (const method of ["GET", "DELETE"]) {
          const reply = await client.request(method, url);
          expect(reply.status, `${method} ${url} → ${reply.text.slice(0, 200)}`).toBeLessThan(500);
        }
      }
    }
  });

  it("never answers a 5xx from a page, whatever the method, query or body", { timeout: 240_000 }, async () => {
    const client = await signedInClient();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PAGES), fc.constantFrom(...METHODS), query, body, contentType, fc.constantFrom(...RAW_ENCODINGS, "x"), async (page, method, search, payload, type, raw) => {
        const url = `${page.replace(":id", raw)}${search ? `?${search}` : ""}`;
        const hasBody = method !== "GET" && method !== "HEAD";
        const cross = { origin: "https://evil.example" };
        const reply = await client.request(method, url, {
          ...(hasBody && { body: payload }),
          headers: { ...(hasBody && type && { "content-type": type }), ...(method === "POST" && cross) },
        });
        expect(reply.status, `${method} ${url} → ${reply.text.slice(0, 200)}`).toBeLessThan(500);
        if (method !== "GET" && method !== "HEAD") expect(reply.status, `${method} ${url}`).toBe(405);
      }),
      { numRuns: 150 },
    );
  });
});
