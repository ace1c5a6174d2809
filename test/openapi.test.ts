import { readdirSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { Secret, TOTP } from "otpauth";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app";
import { createPlaylist, createToken, signInAgain, someSongs } from "./support/api";
import { backends } from "./support/backends";
import { Client, PASSWORD, signUp, uniqueEmail, type Reply } from "./support/client";
import { ROOT } from "./support/constants";

const CRON_SECRET = "openapi-cron-secret-0123456789";

/** A TOTP code `offset` steps from now, computed away from a step's last 2 s (so it is still of its step when checked). */
async function totpCode(secret: string, offset: number): Promise<string> {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 28_000) await new Promise((resolve) => setTimeout(resolve, 30_000 - intoStep + 100));
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: Date.now() + offset * 30_000 });
}

interface Described {
  description: string;
  headers?: Record<string, { $ref: string }>;
  content?: { "application/json": { schema: { $ref: string } } };
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, Described>; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown>; headers: Record<string, { schema: { pattern: string } }> };
}

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

  beforeAll(async () => {
    app = await startApp(backend, { CRON_SECRET });
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

  /** Validates a real reply against what the document says that route answers with that status. */
  function expectDescribed(method: string, template: string, reply: Reply): void {
    const operation = doc.paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is described`).toBeDefined();
    const described = operation?.responses[String(reply.status)] ?? (reply.status >= 400 ? operation?.responses.default : undefined);
    expect(described, `${method} ${template} describes ${reply.status}`).toBeDefined();
    // Every response names its X-Request-Id, described and really sent.
    expect(described?.headers?.["X-Request-Id"], `${method} ${template} ${reply.status} describes X-Request-Id`).toEqual({ $ref: "#/components/headers/RequestId" });
    expect(reply.headers.get("x-request-id"), `${method} ${template} sends X-Request-Id`).toMatch(new RegExp(doc.components.headers.RequestId?.schema.pattern ?? "^$"));
    const ref = described?.content?.["application/json"].schema.$ref;
    if (!ref) {
      expect(reply.text, `${method} ${template} ${reply.status} has no body`).toBe("");
    } else {
      const valid = ajv.validate({ $ref: `openapi.json${ref}` }, reply.body);
      expect(valid, `${method} ${template} ${reply.status}: ${ajv.errorsText()}\n${reply.text.slice(0, 500)}`).toBe(true);
    }
    checked.add(`${method.toUpperCase()} ${template}`);
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
      // Every route answers a method it does not serve with 405 and the Allow list it does serve.
      const reply = await new Client(app.baseUrl).request("OPTIONS", template.replace(/\{[^}]+\}/g, "some-id"));
      expect(reply.status, template).toBe(405);
      const allowed = (reply.headers.get("allow") ?? "").split(", ").map((m) => m.toLowerCase()).sort();
      expect(Object.keys(doc.paths[template] ?? {}).sort(), template).toEqual(allowed);
    }
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

    const operations = Object.entries(doc.paths).flatMap(([template, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${template}`));
    expect([...checked].sort()).toEqual(operations.sort());
  });
});

