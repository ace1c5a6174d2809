import { createHash, createHmac } from "node:crypto";
import { connect } from "node:net";
import bcrypt from "bcrypt";
import { describe, expect, it } from "vitest";
import { commonPasswordCount, isCommonPassword } from "@/lib/auth/common-passwords";
import { body, createPlaylist, createToken, listSessions, signInAgain, someSongs } from "./support/api";
import { useApp } from "./support/app";
import { backends } from "./support/backends";
import { Client, PASSWORD, signUp, uniqueEmail } from "./support/client";
import { TEST_JWT_SECRET } from "./support/constants";
import { expectError } from "./support/contract";

const DAY_MS = 24 * 60 * 60 * 1000;
const LOCKOUT = 3;
const WRONG = "not the password at all";

/** A user row written as an older release (or another BCRYPT_COST) left it. */
async function legacyHash(password: string, cost: number): Promise<string> {
  return bcrypt.hash(createHash("sha256").update(password, "utf8").digest("base64"), cost);
}

async function fail(client: Client, email: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) expectError(await client.post("/api/signin", { email, password: WRONG }), 401, "invalid_credentials");
}

describe.each(backends())("hardening on %s", (backend) => {
  const app = useApp(backend, {
    SIGNIN_MAX_FAILURES_PER_ACCOUNT: String(LOCKOUT),
    TRUST_PROXY: "x-forwarded-for",
    BCRYPT_CONCURRENCY: "1",
    BCRYPT_QUEUE_LIMIT: "2",
  });

  describe("lockouts a stranger cannot turn against the owner", () => {
    it("lets the owner's known browser sign in, and their live session re-authenticate, while a stranger has locked the account", async () => {
      const owner = await signUp(app.baseUrl);
      const laptop = await signInAgain(app.baseUrl, owner.email, owner.password);
      expect((await owner.client.post("/api/signout")).status).toBe(204);

      const stranger = new Client(app.baseUrl);
      await fail(stranger, owner.email, LOCKOUT);
      const locked = await stranger.post("/api/signin", { email: owner.email, password: owner.password });
      expectError(locked, 429, "rate_limited");
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
      expectError(await new Client(app.baseUrl).post("/api/signin", { email: owner.email, password: owner.password }), 429, "rate_limited");

      body(await owner.client.post("/api/signin", { email: owner.email, password: owner.password }), 200);
      const change = await laptop.post("/api/me/password", { currentPassword: owner.password, newPassword: "a fresh passphrase 2" });
      expect(change.status, change.text).toBe(204);
    });

    it("gives each known browser a budget of its own: its failures lock only that browser", async () => {
      const owner = await signUp(app.baseUrl);
      await fail(owner.client, owner.email, LOCKOUT);
      expectError(await owner.client.post("/api/signin", { email: owner.email, password: owner.password }), 429, "rate_limited");
      body(await new Client(app.baseUrl).post("/api/signin", { email: owner.email, password: owner.password }), 200);
    });

    it("refuses a known-browser cookie that was edited or names another account", async () => {
      const owner = await signUp(app.baseUrl);
      const other = await signUp(app.baseUrl);
      const [name, value = ""] = [...other.client.cookies].find(([cookie]) => cookie.endsWith("trax_device")) ?? [];
      expect(name).toBeDefined();
      const forged = new Client(app.baseUrl);
      forged.cookies.set(String(name), value.replace(other.user.id, owner.user.id));
      await fail(new Client(app.baseUrl), owner.email, LOCKOUT);
      expectError(await forged.post("/api/signin", { email: owner.email, password: owner.password }), 429, "rate_limited");
    });

    it("gives re-authentication a budget per session, apart from sign-in", async () => {
      const owner = await signUp(app.baseUrl);
      const phone = await signInAgain(app.baseUrl, owner.email, owner.password);
      const attempt = (client: Client, currentPassword: string) =>
        client.post("/api/me/password", { currentPassword, newPassword: "another passphrase 3" });
      for (let i = 0; i < LOCKOUT; i++) expectError(await attempt(owner.client, WRONG), 400, "validation_failed");
      expectError(await attempt(owner.client, owner.password), 429, "rate_limited");
      expect((await attempt(phone, owner.password)).status).toBe(204);
    });
  });

  describe("no timing oracle from an old hash", () => {
    it("upgrades a hash made at another cost to BCRYPT_COST at the next successful sign-in", async () => {
      const { user, email } = await signUp(app.baseUrl);
      await app.sql(`UPDATE "User" SET "passwordHash" = $2 WHERE id = $1`, [user.id, await legacyHash(PASSWORD, 4)]);
      body(await new Client(app.baseUrl).post("/api/signin", { email, password: PASSWORD }), 200);
      const [row] = await app.sql(`SELECT "passwordHash" FROM "User" WHERE id = $1`, [user.id]);
      expect(bcrypt.getRounds(String(row?.passwordHash))).toBe(10);
      body(await new Client(app.baseUrl).post("/api/signin", { email, password: PASSWORD }), 200);
    });

    it("signs in a password typed in another Unicode form (NFKC), and a hash made before normalisation", async () => {
      const decomposed = "Cafe\u0301 au lait, s'il vous plai\u0302t";
      const composed = decomposed.normalize("NFC");
      const { user, email } = await signUp(app.baseUrl, uniqueEmail(), decomposed);
      body(await new Client(app.baseUrl).post("/api/signin", { email, password: composed }), 200);

      await app.sql(`UPDATE "User" SET "passwordHash" = $2 WHERE id = $1`, [user.id, await legacyHash(decomposed, 10)]);
      body(await new Client(app.baseUrl).post("/api/signin", { email, password: decomposed }), 200);
      body(await new Client(app.baseUrl).post("/api/signin", { email, password: composed }), 200);
    });
  });

  describe("bounded bcrypt work", () => {
    it("answers a fast 503 with Retry-After past the hashing queue, while signed-in requests keep succeeding", async () => {
      const { client } = await signUp(app.baseUrl);
      const signIns = Array.from({ length: 12 }, () => new Client(app.baseUrl).post("/api/signin", { email: uniqueEmail(), password: WRONG }));
      const reads = Array.from({ length: 12 }, () => client.get("/api/me"));
      const [signInReplies, readReplies] = await Promise.all([Promise.all(signIns), Promise.all(reads)]);
      const busy = signInReplies.filter((reply) => reply.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      for (const reply of busy) {
        expectError(reply, 503, "unavailable");
        expect(reply.headers.get("retry-after")).toBe("1");
      }
      for (const reply of signInReplies.filter((r) => r.status !== 503)) expectError(reply, 401, "invalid_credentials");
      expect(readReplies.map((reply) => reply.status)).toEqual(readReplies.map(() => 200));
    });
  });

  describe("client addresses behind a proxy", () => {
    const sessionIp = async (client: Client) => (await listSessions(client)).find((s) => s.current)?.device.ip;

    it("takes the address the nearest trusted proxy saw (TRUST_PROXY_HOPS=1), never an entry the client wrote", async () => {
      const { email } = await signUp(app.baseUrl);
      const client = new Client(app.baseUrl);
      const headers = { "x-forwarded-for": "6.6.6.6, 203.0.113.9" };
      body(await client.post("/api/signin", { email, password: PASSWORD }, { headers }), 200);
      expect(await sessionIp(client)).toBe("203.0.113.9");
    });

    it("counts an IPv6 client per /64, however its addresses are spelled", async () => {
      const forgot = (address: string) =>
        new Client(app.baseUrl).post("/api/password/forgot", { email: uniqueEmail("v6") }, { headers: { "x-forwarded-for": address } });
      const spellings = (i: number) => [`2001:db8:7:7::${i.toString(16)}`, `2001:DB8:7:7:0:0:0:${i.toString(16).toUpperCase()}`][i % 2] ?? "";
      for (let i = 1; i <= 20; i++) expect((await forgot(spellings(i))).status).toBe(202);
      expectError(await forgot("2001:0db8:0007:0007:ffff:1:2:3"), 429, "rate_limited");
      expect((await forgot("2001:db8:7:8::1")).status).toBe(202);
    });
  });

  describe("credentials that cannot outlive their maker", () => {
    it("lets a read token do every GET and nothing else, and a write token the playlist writes too", async () => {
      const { client } = await signUp(app.baseUrl);
      const [song] = await someSongs(client, 1);
      const playlist = await createPlaylist(client, "Mine");
      const read = await createToken(client, "reader", 30, "read");
      const write = await createToken(client, "writer", 30, "write");
      expect(read.session.scope).toBe("read");
      const script = new Client(app.baseUrl);

      expect((await script.get("/api/playlists", { bearer: read.token })).status).toBe(200);
      expect((await script.get(`/api/playlists/${playlist.id}`, { bearer: read.token })).status).toBe(200);
      expectError(await script.post("/api/playlists", { name: "No" }, { bearer: read.token }), 403, "insufficient_scope");
      expectError(await script.request("PUT", `/api/playlists/${playlist.id}/songs/${song?.id}`, { bearer: read.token }), 403, "insufficient_scope");
      expectError(await script.request("DELETE", `/api/playlists/${playlist.id}`, { bearer: read.token }), 403, "insufficient_scope");

      expect((await script.post("/api/playlists", { name: "Yes" }, { bearer: write.token })).status).toBe(201);
      expect((await script.request("PUT", `/api/playlists/${playlist.id}/songs/${song?.id}`, { bearer: write.token })).status).toBe(204);
      const scopes = Object.fromEntries((await listSessions(client)).map((s) => [s.name || s.kind, s.scope]));
      expect(scopes).toMatchObject({ reader: "read", writer: "write", web: null });
    });

    it("refuses every sensitive operation to an API token, whatever its scope; a token may still revoke itself", async () => {
      const { client, password } = await signUp(app.baseUrl);
      const other = (await listSessions(client)).find((s) => s.current)?.id ?? "";
      for (const scope of ["read", "write"] as const) {
        const { token } = await createToken(client, scope, 30, scope);
        const script = new Client(app.baseUrl);
        const as = { bearer: token };
        const refused = [
          await script.post("/api/tokens", { name: "longer", expiresInDays: 365 }, as),
          await script.post("/api/me/password", { currentPassword: password, newPassword: "taken over 12345" }, as),
          await script.post("/api/me/email", { email: uniqueEmail(), password }, as),
          await script.request("DELETE", "/api/me", { ...as, json: { password } }),
          await script.request("PATCH", "/api/me", { ...as, json: { name: "Renamed" } }),
          await script.request("DELETE", "/api/sessions", as),
          await script.request("DELETE", `/api/sessions/${other}`, as),
        ];
        for (const reply of refused) expectError(reply, 403, "forbidden");
        expect((await script.post("/api/signout", undefined, as)).status).toBe(204);
        expectError(await script.get("/api/me", as), 401, "unauthenticated");
      }
      expect((await client.get("/api/me")).status).toBe(200);
    });

    it("ends a web session at SESSION_MAX_DAYS after sign-in, however it slides", async () => {
      const { client } = await signUp(app.baseUrl);
      const id = (await listSessions(client)).find((s) => s.current)?.id;
      const createdAt = new Date(Date.now() - 89.5 * DAY_MS);
      await app.sql(`UPDATE "Session" SET "createdAt" = $2, "expiresAt" = now() + interval '6 hours' WHERE id = $1`, [id, createdAt]);
      const reply = await client.get("/api/me");
      expect(reply.status).toBe(200);
      const session = (await listSessions(client)).find((s) => s.current);
      expect(new Date(session?.expiresAt ?? 0).getTime()).toBe(createdAt.getTime() + 90 * DAY_MS);
      const [cookie] = reply.headers.getSetCookie().filter((line) => line.includes("trax_session="));
      expect(new Date(/expires=([^;]+)/i.exec(cookie ?? "")?.[1] ?? 0).getTime()).toBeLessThanOrEqual(createdAt.getTime() + 90 * DAY_MS);

      // One that slid past it before the limit existed ends now.
      await app.sql(`UPDATE "Session" SET "createdAt" = now() - interval '91 days', "expiresAt" = now() + interval '10 days' WHERE id = $1`, [id]);
      expectError(await client.get("/api/me"), 401, "unauthenticated");
    });
  });

  describe("inputs that must never reach a 500", () => {
    const deep = (levels: number) => `{"name":${"[".repeat(levels)}${"]".repeat(levels)}}`;

    it("refuses deeply nested JSON on every body route with a 400", async () => {
      const { client } = await signUp(app.baseUrl);
      const routes: [string, string][] = [
        ["POST", "/api/signup"],
        ["POST", "/api/signin"],
        ["PATCH", "/api/me"],
        ["POST", "/api/playlists"],
        ["POST", "/api/tokens"],
        ["POST", "/api/password/forgot"],
      ];
      for (const [method, path] of routes) {
        const reply = await client.request(method, path, { body: deep(5000), headers: { "content-type": "application/json" } });
        expectError(reply, 400, "validation_failed");
      }
      const shallow = await client.request("PATCH", "/api/me", { body: deep(30), headers: { "content-type": "application/json" } });
      expectError(shallow, 400, "validation_failed");
      expect((shallow.body as { error: { fields?: object } }).error.fields).toBeDefined();
    });

    it("answers 405 to a page asked with another method than GET, cross-site or not, with no stack trace in the log", async () => {
      const { client } = await signUp(app.baseUrl);
      const logged = app.output().length;
      for (const headers of [{}, { origin: "https://evil.example" }] as Record<string, string>[]) {
        const reply = await client.request("POST", "/account", { body: "a=1", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" } });
        expect(reply.status).toBe(405);
        expect(reply.headers.get("allow")).toBe("GET, HEAD");
      }
      expect(app.output().slice(logged)).not.toMatch(/"status":5\d\d|\n\s+at /);
    });

    it("treats a body the client abandoned as its own fault (4xx), not a server error", async () => {
      const { port } = new URL(app.baseUrl);
      const logged = app.output().length;
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), "127.0.0.1", () => {
          socket.write("POST /api/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"email\":");
          setTimeout(() => socket.destroy(), 200);
        });
        socket.on("close", () => resolve());
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
      expect(app.output().slice(logged)).not.toMatch(/"status":5\d\d/);
    });
  });

  describe("smaller holes", () => {
    it("never redirects a signed-in visitor to //host, however the next path is dressed up", async () => {
      const { client } = await signUp(app.baseUrl);
      for (const next of ["/..//evil.example", "/.//evil.example/", "/a/../..//evil.example"]) {
        const reply = await client.get(`/signin?next=${encodeURIComponent(next)}`);
        expect(reply.status).toBe(307);
        expect(reply.headers.get("location")).toBe("/");
      }
    });

    it("checks the scheme of a cookie request's Origin, not only its host", async () => {
      const { client } = await signUp(app.baseUrl);
      const otherScheme = app.baseUrl.replace(/^http:/, "https:");
      expectError(await client.post("/api/playlists", { name: "x" }, { headers: { origin: otherScheme } }), 403, "forbidden_origin");
      expect((await client.post("/api/playlists", { name: "x" }, { headers: { origin: app.baseUrl } })).status).toBe(201);
    });

    it("refuses names with control or text-direction characters, and keeps emoji sequences", async () => {
      const { client } = await signUp(app.baseUrl);
      for (const name of ["evil\u202Egnp.exe", "bell\u0007", "two\nlines", "iso\u2066late"]) {
        const reply = await client.request("PATCH", "/api/me", { json: { name } });
        expectError(reply, 400, "validation_failed");
        expect(Object.keys((reply.body as { error: { fields: object } }).error.fields)).toEqual(["name"]);
        expectError(await client.post("/api/playlists", { name }), 400, "validation_failed");
      }
      expect((await client.request("PATCH", "/api/me", { json: { name: "👩‍💻 Ada" } })).status).toBe(200);
    });

    it("refuses an email whose local part is longer than 64 characters", async () => {
      const reply = await new Client(app.baseUrl).post("/api/signup", { email: `${"a".repeat(65)}@example.test`, password: PASSWORD });
      expectError(reply, 400, "validation_failed");
      expect(Object.keys((reply.body as { error: { fields: object } }).error.fields)).toEqual(["email"]);
      body(await new Client(app.baseUrl).post("/api/signup", { email: `${"a".repeat(64)}@example.test`, password: PASSWORD }), 201);
    });

    it("keys rate-limit counters with a key of their own, never the JWT signing key", async () => {
      const email = uniqueEmail("keyed");
      expectError(await new Client(app.baseUrl).post("/api/signin", { email, password: WRONG }), 401, "invalid_credentials");
      const withJwtKey = createHmac("sha256", TEST_JWT_SECRET).update(email, "utf8").digest("base64url");
      const rows = await app.sql(`SELECT key FROM "RateLimiterFlexible" WHERE key LIKE 'signin-account:%'`);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((row) => row.key)).not.toContain(`signin-account:${withJwtKey}`);
    });

    it("records the browser, system and address a session was opened from, and shows them", async () => {
      const { email } = await signUp(app.baseUrl);
      const client = new Client(app.baseUrl);
      const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
      body(await client.post("/api/signin", { email, password: PASSWORD }, { headers: { "user-agent": firefox } }), 200);
      const current = (await listSessions(client)).find((s) => s.current);
      expect(current?.device).toEqual({ browser: "Firefox", os: "Linux", ip: "127.0.0.1" });
      const { session } = await createToken(client, "curl", 1);
      expect(session.device.browser).toBe("node");
    });
  });

  describe("common passwords", () => {
    it("refuses a common or breached password with a field error that says why, wherever one is chosen", async () => {
      const signUpReply = await new Client(app.baseUrl).post("/api/signup", { email: uniqueEmail(), password: "Password123" });
      expectError(signUpReply, 400, "validation_failed");
      expect((signUpReply.body as { error: { fields: Record<string, string> } }).error.fields.password).toMatch(/common|leaked/);
      const { client } = await signUp(app.baseUrl);
      const change = await client.post("/api/me/password", { currentPassword: PASSWORD, newPassword: "iloveyou123" });
      expectError(change, 400, "validation_failed");
      expect(Object.keys((change.body as { error: { fields: object } }).error.fields)).toEqual(["newPassword"]);
    });
  });
});

describe("the common-password list", () => {
  it("holds over 100,000 passwords that could pass the length rule, and finds them in any case", () => {
    expect(commonPasswordCount()).toBeGreaterThan(100_000);
    expect(isCommonPassword("iloveyou123")).toBe(true);
    expect(isCommonPassword("ILOVEYOU123")).toBe(true);
    expect(isCommonPassword(PASSWORD)).toBe(false);
  });
});
