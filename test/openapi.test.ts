import { readdirSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { Secret, TOTP } from "otpauth";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app";
import { createPlaylist, createToken, signInAgain, someSongs } from "./support/api";
import { backends } from "./support/backends";
import { Client, PASSWORD, signUp, uniqueEmail, type Reply, type RequestOptions } from "./support/client";
import { ROOT } from "./support/constants";

const CRON_SECRET = "openapi-cron-secret-0123456789";
// Low enough to reach a 429 in a few requests; the test's other calls spend fewer than these per address.
const MAIL_PER_ADDRESS = 3;
const FAILURES_PER_ACCOUNT = 3;

/** A TOTP code `offset` steps from now, computed away from a step's last 2 s (so it is still of its step when checked). */
async function totpCode(secret: string, offset: number): Promise<string> {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 28_000) await new Promise((resolve) => setTimeout(resolve, 30_000 - intoStep + 100));
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: Date.now() + offset * 30_000 });
}

interface Header {
  required?: boolean;
  schema: { pattern?: string };
}
interface Described {
  description: string;
  headers?: Record<string, { $ref: string }>;
  content?: { "application/json": { schema: { $ref: string } } };
}
type Response = Described | { $ref: string };
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; tags: string[]; responses: Record<string, Response>; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown>; headers: Record<string, Header>; responses: Record<string, Described> };
}

/** Headers a caller acts on: where one is sent, the document must describe it on that response. */
const MATTERING_HEADERS = ["set-cookie", "retry-after", "allow", "www-authenticate", "ratelimit", "ratelimit-policy", "x-request-id"];

/** pages/api/playlists/[id]/index.ts → /api/playlists/{id} */
function routeFiles(dir = path.join(ROOT, "pages/api")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    // The catch-all ([...path].ts) only answers 404 for paths no route serves.
    return /\.tsx?$/.test(entry.name) && !entry.name.startsWith("[...") ? [full] : [];
  });
}

function apiPath(file: string): string {
  const relative = path.relative(path.join(ROOT, "pages"), file).replace(/\.tsx?$/, "").replace(/(^|\/)index$/, "");
  return `/${relative.replace(/\[([^\]]+)\]/g, "{$1}")}`;
}

describe.each(backends())("OpenAPI document on %s", (backend) => {
  let app: TestApp;
  let doc: OpenApiDocument;
  let ajv: Ajv2020;
  const checked = new Set<string>();
  const statuses = new Set<number>();

  beforeAll(async () => {
    app = await startApp(backend, {
      CRON_SECRET,
      MAIL_REQUESTS_PER_ADDRESS: String(MAIL_PER_ADDRESS),
      SIGNIN_MAX_FAILURES_PER_ACCOUNT: String(FAILURES_PER_ACCOUNT),
    });
    const reply = await new Client(app.baseUrl).get("/api/openapi.json");
    expect(reply.status).toBe(200);
    doc = reply.body as OpenApiDocument;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, "openapi.json");
  });
  afterAll(async () => {
    await app?.stop();
  });

  function resolve(response: Response | undefined): Described | undefined {
    if (!response || !("$ref" in response)) return response;
    return doc.components.responses[response.$ref.replace("#/components/responses/", "")];
  }

  /** Validates a real reply against what the document says that route answers with that status: body, code and headers. */
  function expectDescribed(method: string, template: string, reply: Reply): void {
    const operation = doc.paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is described`).toBeDefined();
    const label = `${method} ${template} ${reply.status}`;
    expect(operation?.responses.default, `${method} ${template} has no catch-all response`).toBeUndefined();
    const described = resolve(operation?.responses[String(reply.status)]);
    expect(described, `${label} is described: ${reply.text.slice(0, 200)}`).toBeDefined();
    expectHeadersDescribed(label, described?.headers ?? {}, reply);
    const ref = described?.content?.["application/json"].schema.$ref;
    if (!ref) {
      expect(reply.text, `${label} has no body`).toBe("");
    } else {
      const valid = ajv.validate({ $ref: `openapi.json${ref}` }, reply.body);
      expect(valid, `${label}: ${ajv.errorsText()}\n${reply.text.slice(0, 500)}`).toBe(true);
    }
    checked.add(`${method.toUpperCase()} ${template}`);
    statuses.add(reply.status);
  }

  function expectHeadersDescribed(label: string, headers: Record<string, { $ref: string }>, reply: Reply): void {
    const names = Object.keys(headers).map((name) => name.toLowerCase());
    for (const name of MATTERING_HEADERS) {
      if (reply.headers.has(name)) expect(names, `${label} describes the ${name} it sends`).toContain(name);
    }
    for (const [name, { $ref }] of Object.entries(headers)) {
      const header = doc.components.headers[$ref.replace("#/components/headers/", "")];
      expect(header, `${label}: ${$ref}`).toBeDefined();
      const value = reply.headers.get(name);
      if (header?.required) expect(value, `${label} sends ${name}, described as required`).not.toBeNull();
      if (value !== null && header?.schema.pattern) expect(value, `${label} ${name}`).toMatch(new RegExp(header.schema.pattern));
    }
  }

  it("is OpenAPI 3.1 whose components are valid JSON Schema 2020-12", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    // The validator does reject what the document does not allow (so the test below can fail).
    expect(ajv.validate({ $ref: "openapi.json#/components/schemas/User" }, { id: "x", email: "a@b.c", name: "", createdAt: "yesterday" })).toBe(false);
    expect(ajv.validate({ $ref: "openapi.json#/components/schemas/Artist" }, { id: "x", name: "n", passwordHash: "h" })).toBe(false);
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(ajv.validateSchema(schema as object), `${name}: ${ajv.errorsText()}`).toBe(true);
    }
  });

  it("describes every route file under pages/api, with exactly the methods it answers", async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(15);
    const paths = files.map(apiPath).sort();
    expect(Object.keys(doc.paths).sort()).toEqual(paths);
    for (const template of paths) {
      const url = template.replace(/\{[^}]+\}/g, "some-id");
      const described = Object.keys(doc.paths[template] ?? {}).map((m) => m.toUpperCase());
      const answered = [...described, ...(described.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort();
      // OPTIONS lists what the route answers: the described operations, HEAD wherever GET is, and itself.
      const options = await new Client(app.baseUrl).request("OPTIONS", url);
      expect(options.status, template).toBe(204);
      expect((options.headers.get("allow") ?? "").split(", ").sort(), template).toEqual(answered);
      // Any other method is a 405 with the same Allow list.
      const other = ["POST", "GET", "PUT", "PATCH", "DELETE"].find((m) => !described.includes(m)) ?? "";
      const refused = await new Client(app.baseUrl).request(other, url);
      expect(refused.status, `${other} ${template}`).toBe(405);
      expect((refused.headers.get("allow") ?? "").split(", ").sort(), template).toEqual(answered);
    }
  });

  it("names every operation and tags it with a tag the document describes", () => {
    const tags = new Set((doc as unknown as { tags: { name: string; description: string }[] }).tags.map((tag) => tag.name));
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of Object.values(doc.paths).flatMap((ops) => Object.values(ops))) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.tags.length).toBe(1);
      expect(tags.has(op.tags[0] ?? "")).toBe(true);
    }
  });

  it("describes request bodies as the server enforces them, and no default makes an optional property required", () => {
    const schemas = doc.components.schemas as Record<string, { properties: Record<string, Record<string, unknown>>; required?: string[] }>;
    expect(schemas.SignUp?.properties.email).toMatchObject({ type: "string", format: "email", maxLength: 254 });
    expect(schemas.SignUp?.properties.name?.description).toMatch(/spaces are removed/);
    expect(schemas.CreateToken?.required).toEqual(["name"]);
    expect(schemas.CreateToken?.properties.expiresInDays).toMatchObject({ type: "integer", minimum: 1, maximum: 365 });
    expect(JSON.stringify(doc)).not.toMatch(/"default":/);
    const error = doc.components.schemas.UnauthenticatedError as { properties: { error: { properties: { code: unknown } } } };
    expect(error.properties.error.properties.code).toEqual({ type: "string", enum: ["unauthenticated"] });
  });

  it("matches real responses, successes and errors, of every operation", async () => {
    const anonymous = new Client(app.baseUrl);
    const call = async (client: Client, method: string, template: string, params: Record<string, string> = {}, json?: unknown, query = "") => {
      const url = template.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? "missing") + query;
      const reply = await client.request(method, url, json === undefined ? {} : { json });
      expectDescribed(method, template, reply);
      return reply;
    };

    await call(anonymous, "GET", "/api/health");
    await call(anonymous, "GET", "/api/openapi.json");
    const { client, email } = await signUp(app.baseUrl);
    await call(new Client(app.baseUrl), "POST", "/api/signup", {}, { email, password: PASSWORD });
    await call(new Client(app.baseUrl), "POST", "/api/signup", {}, { email: uniqueEmail("openapi"), password: PASSWORD, name: "Ada" });
    const second = new Client(app.baseUrl);
    await call(second, "POST", "/api/signin", {}, { email, password: PASSWORD });
    await call(new Client(app.baseUrl), "POST", "/api/signin", {}, { email, password: "wrong password" });

    await call(client, "GET", "/api/me");
    await call(anonymous, "GET", "/api/me");
    await call(client, "PATCH", "/api/me", {}, { name: "Ada" });
    await call(client, "PATCH", "/api/me", {}, { name: 1 });
    await call(client, "POST", "/api/tokens", {}, { name: "ci", expiresInDays: 7 });
    await call(client, "POST", "/api/tokens", {}, { name: "" });
    await call(client, "GET", "/api/sessions");

    await call(client, "GET", "/api/artists");
    const songs = await call(client, "GET", "/api/songs");
    await call(client, "GET", "/api/songs", {}, undefined, "?q=velvet&limit=2");
    await call(client, "GET", "/api/songs", {}, undefined, "?limit=0");
    const [song] = (songs.body as { songs: { id: string }[] }).songs;
    const songId = song?.id ?? "";

    const created = await call(client, "POST", "/api/playlists", {}, { name: "Described" });
    const id = (created.body as { playlist: { id: string } }).playlist.id;
    await call(client, "GET", "/api/playlists");
    await call(client, "PUT", "/api/playlists/{id}/songs/{songId}", { id, songId });
    await call(client, "PUT", "/api/playlists/{id}/songs/{songId}", { id, songId: "no-such-song" });
    await call(client, "GET", "/api/playlists/{id}", { id });
    await call(client, "GET", "/api/playlists/{id}", { id: "no-such-playlist" });
    await call(client, "PATCH", "/api/playlists/{id}", { id }, { name: "Renamed" });
    await call(client, "DELETE", "/api/playlists/{id}/songs/{songId}", { id, songId });
    await call(client, "DELETE", "/api/playlists/{id}", { id });

    await call(anonymous, "POST", "/api/password/forgot", {}, { email });
    await call(anonymous, "POST", "/api/password/forgot", {}, { email: "not an address" });
    await call(anonymous, "POST", "/api/password/reset", {}, { token: "not-a-live-token", password: "a long enough password" });
    await call(anonymous, "POST", "/api/email/verify", {}, { token: "not-a-live-token" });
    await call(client, "POST", "/api/email/verification");
    await call(client, "POST", "/api/me/email", {}, { email: uniqueEmail("moved"), password: PASSWORD });
    await call(client, "POST", "/api/me/email", {}, { email: uniqueEmail("moved"), password: "wrong" });
    await call(anonymous, "GET", "/api/cron/mail");
    const cron = await new Client(app.baseUrl).get("/api/cron/mail", { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expectDescribed("GET", "/api/cron/mail", cron);
    expect(cron.status).toBe(200);

    const { session } = await createToken(client);
    await call(client, "DELETE", "/api/sessions/{id}", { id: session.id });
    await call(client, "DELETE", "/api/sessions/{id}", { id: session.id });
    await call(client, "DELETE", "/api/sessions");
    await call(client, "POST", "/api/me/password", {}, { currentPassword: PASSWORD, newPassword: "another good password" });
    await call(client, "POST", "/api/me/password", {}, { currentPassword: "nope", newPassword: "another good password" });
    await call(second, "POST", "/api/signout");

    const leaving = await signUp(app.baseUrl);
    await createPlaylist(leaving.client, "Going", (await someSongs(leaving.client, 1)).map((s) => s.id));
    const again = await signInAgain(app.baseUrl, leaving.email, PASSWORD);
    await call(leaving.client, "DELETE", "/api/me", {}, { password: "wrong" });
    await call(leaving.client, "DELETE", "/api/me", {}, { password: PASSWORD });
    await call(again, "POST", "/api/signout");

    // Second factor and passkeys (a real passkey needs a browser: test/e2e/mfa.e2e.test.ts).
    const guarded = await signUp(app.baseUrl);
    const setup = await call(guarded.client, "POST", "/api/mfa/totp", {}, { password: PASSWORD });
    await call(guarded.client, "POST", "/api/mfa/totp", {}, { password: "wrong" });
    const secret = (setup.body as { secret: string }).secret;
    await call(guarded.client, "POST", "/api/mfa/totp/confirm", {}, { code: await totpCode(secret, -1) });
    await call(guarded.client, "POST", "/api/mfa/recovery-codes", {}, { password: PASSWORD });
    const pending = new Client(app.baseUrl);
    const challenged = await call(pending, "POST", "/api/signin", {}, { email: guarded.email, password: PASSWORD });
    expect(challenged.body).toEqual({ mfaRequired: true, methods: ["totp", "recovery_code"] });
    await call(pending, "POST", "/api/signin/mfa", {}, { code: "000000" });
    await call(pending, "POST", "/api/signin/mfa", {}, { code: await totpCode(secret, 0) });
    await call(guarded.client, "DELETE", "/api/mfa/totp", {}, { password: PASSWORD });
    await call(guarded.client, "POST", "/api/passkeys/options");
    await call(guarded.client, "POST", "/api/passkeys", {}, { response: {} });
    await call(guarded.client, "GET", "/api/passkeys");
    await call(guarded.client, "DELETE", "/api/passkeys/{id}", { id: "no-such-passkey" });
    await call(anonymous, "POST", "/api/signin/passkey/options");
    const assertion = { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" }, clientExtensionResults: {} };
    await call(anonymous, "POST", "/api/signin/passkey", {}, { response: assertion });
    // The errors a caller can cause, each against the operation's own description.
    const send = async (method: string, template: string, url: string, options: RequestOptions, as = new Client(app.baseUrl)) => {
      const reply = await as.request(method, url, options);
      expectDescribed(method, template, reply);
      return reply;
    };
    const fresh = await signUp(app.baseUrl);
    const reader = await createToken(fresh.client, "reader", undefined, "read");
    const writer = await createToken(fresh.client, "writer", undefined, "write");
    expect((await send("GET", "/api/me", "/api/me", { bearer: "not.a.token" })).status).toBe(401);
    expect((await send("GET", "/api/playlists", "/api/playlists", { bearer: reader.session.id })).status).toBe(401);
    const crossSite = { json: { name: "x" }, headers: { origin: "https://elsewhere.example" } };
    expect((await send("POST", "/api/playlists", "/api/playlists", crossSite, fresh.client)).status).toBe(403);
    expect((await send("PATCH", "/api/me", "/api/me", { json: { name: "x" }, bearer: writer.token })).status).toBe(403);
    expect((await send("POST", "/api/playlists", "/api/playlists", { json: { name: "x" }, bearer: reader.token })).status).toBe(403);
    expect((await send("POST", "/api/playlists", "/api/playlists", { body: "name=x", headers: { "content-type": "text/plain" }, bearer: writer.token })).status).toBe(415);
    const large = { json: { name: "x".repeat(17 * 1024) }, bearer: writer.token };
    expect((await send("POST", "/api/playlists", "/api/playlists", large)).status).toBe(413);
    expect((await send("POST", "/api/playlists", "/api/playlists", { body: "{", headers: { "content-type": "application/json" }, bearer: writer.token })).status).toBe(400);
    // A method a path does not answer: the path's 405, described on each of its operations.
    const wrongMethod = await new Client(app.baseUrl).get("/api/tokens");
    expect(wrongMethod.status).toBe(405);
    expectDescribed("POST", "/api/tokens", wrongMethod);
    const limited = uniqueEmail("limited");
    for (let i = 0; i < MAIL_PER_ADDRESS; i++) expect((await send("POST", "/api/password/forgot", "/api/password/forgot", { json: { email: limited } })).status).toBe(202);
    expect((await send("POST", "/api/password/forgot", "/api/password/forgot", { json: { email: limited } })).status).toBe(429);
    for (let i = 0; i < FAILURES_PER_ACCOUNT; i++) {
      expect((await send("POST", "/api/signin", "/api/signin", { json: { email: limited, password: "wrong password" } })).status).toBe(401);
    }
    expect((await send("POST", "/api/signin", "/api/signin", { json: { email: limited, password: "wrong password" } })).status).toBe(429);
    expect([...statuses].filter((status) => status >= 400).sort()).toEqual([400, 401, 403, 404, 405, 409, 413, 415, 429]);

    const operations = Object.entries(doc.paths).flatMap(([template, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${template}`));
    expect([...checked].sort()).toEqual(operations.sort());
  });
});

