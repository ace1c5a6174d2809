import { describe, expect, it } from "vitest";
import { useApp } from "./support/app";
import { body, createPlaylist, createToken, someSongs } from "./support/api";
import { backends } from "./support/backends";
import { Client, PASSWORD, signUp, uniqueEmail, type Reply } from "./support/client";
import { expectError } from "./support/contract";
import { forgeToken } from "./support/tokens";

const ALLOWED = "https://app.example";
const ALSO_ALLOWED = "http://localhost:5173";
const LIMITS = { SIGNIN_MAX_FAILURES_PER_ACCOUNT: "3", SIGNIN_MAX_ATTEMPTS_PER_IP: "1000", SIGNUP_MAX_PER_IP: "1000", MAIL_REQUESTS_PER_ADDRESS: "2", MAIL_REQUESTS_PER_IP: "1000" };

/** `"a";r=1;t=2, "b";r=3;t=4` → { a: { r: 1, t: 2 }, b: { r: 3, t: 4 } } (the draft's structured-field lists). */
function parseList(value: string | null): Record<string, Record<string, number>> {
  const items = (value ?? "").split(",").map((item) => item.trim()).filter(Boolean);
  return Object.fromEntries(
    items.map((item) => {
      const [name = "", ...params] = item.split(";");
      return [JSON.parse(name) as string, Object.fromEntries(params.map((param) => param.split("=")).map(([key = "", n = ""]) => [key, Number(n)]))];
    }),
  );
}

function quotas(reply: Reply) {
  return { policy: parseList(reply.headers.get("ratelimit-policy")), left: parseList(reply.headers.get("ratelimit")) };
}

describe.each(backends())("protocol details for direct callers on %s", (backend) => {
  const app = useApp(backend, { CORS_ORIGINS: `${ALLOWED}, ${ALSO_ALLOWED}/`, ...LIMITS });

  describe("WWW-Authenticate", () => {
    it("is a bare Bearer challenge on a 401 without a credential", async () => {
      for (const path of ["/api/me", "/api/playlists", "/api/sessions"]) {
        const reply = await new Client(app.baseUrl).get(path);
        expectError(reply, 401, "unauthenticated");
        expect(reply.headers.get("www-authenticate")).toBe('Bearer realm="trax"');
      }
      const signIn = await new Client(app.baseUrl).post("/api/signin", { email: uniqueEmail(), password: "wrong password" });
      expectError(signIn, 401, "invalid_credentials");
      expect(signIn.headers.get("www-authenticate")).toBe('Bearer realm="trax"');
      const cron = await new Client(app.baseUrl).get("/api/cron/mail");
      expectError(cron, 401, "unauthenticated");
      expect(cron.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    });

    it('says error="invalid_token" when a token was sent and refused: forged, revoked, in the header or the cookie', async () => {
      const { client, user } = await signUp(app.baseUrl);
      const { token, session } = await createToken(client, "soon revoked");
      expect((await client.request("DELETE", `/api/sessions/${session.id}`)).status).toBe(204);
      const forged = await forgeToken({ sub: user.id, sid: session.id, secret: "another-secret-0123456789-0123456789" });
      const refused = [
        await new Client(app.baseUrl).get("/api/me", { bearer: token }),
        await new Client(app.baseUrl).get("/api/me", { bearer: forged }),
        await new Client(app.baseUrl).get("/api/me", { bearer: "not-a-jwt" }),
        await new Client(app.baseUrl).get("/api/me", { headers: { cookie: `__Host-trax_session=${forged}` } }),
      ];
      for (const reply of refused) {
        expectError(reply, 401, "unauthenticated");
        const challenge = reply.headers.get("www-authenticate") ?? "";
        expect(challenge).toMatch(/^Bearer realm="trax", error="invalid_token"(, error_description="[^"]+")?$/);
      }
    });

    it('says error="insufficient_scope" on a read token\'s 403', async () => {
      const { client } = await signUp(app.baseUrl);
      const { token } = await createToken(client, "reader", undefined, "read");
      const reply = await new Client(app.baseUrl).post("/api/playlists", { name: "x" }, { bearer: token });
      expectError(reply, 403, "insufficient_scope");
      expect(reply.headers.get("www-authenticate")).toBe('Bearer realm="trax", error="insufficient_scope", scope="write"');
    });
  });

  describe("HEAD", () => {
    it("answers wherever GET does, with GET's status and headers and no body", async () => {
      const { client } = await signUp(app.baseUrl);
      const [song] = await someSongs(client, 1);
      const playlist = await createPlaylist(client, "Heads", [song?.id ?? ""]);
      const { token } = await createToken(client, "head", undefined, "read");
      const doc = body<{ paths: Record<string, Record<string, unknown>> }>(await client.get("/api/openapi.json"), 200);
      const gets = Object.entries(doc.paths).filter(([, ops]) => "get" in ops).map(([path]) => path.replace("{id}", playlist.id));
      expect(gets.length).toBeGreaterThanOrEqual(8);
      // Uncompressed, so that GET's length is the one HEAD announces.
      const headers = { authorization: `Bearer ${token}`, "accept-encoding": "identity" };
      for (const path of gets) {
        const get = await fetch(`${app.baseUrl}${path}`, { headers });
        await get.arrayBuffer();
        const head = await fetch(`${app.baseUrl}${path}`, { method: "HEAD", headers });
        expect(head.status, path).toBe(get.status);
        expect(await head.text(), path).toBe("");
        for (const name of ["content-type", "content-length", "cache-control", "etag", "allow", "www-authenticate"]) {
          expect(head.headers.get(name), `${path} ${name}`).toBe(get.headers.get(name));
        }
        expect(head.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      }
      // And its refusals are GET's too.
      const anonymous = await fetch(`${app.baseUrl}/api/me`, { method: "HEAD" });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="trax"');
    });

    it("is a 405 where GET is not answered", async () => {
      const reply = await fetch(`${app.baseUrl}/api/tokens`, { method: "HEAD" });
      expect(reply.status).toBe(405);
      expect(reply.headers.get("allow")).toBe("POST, OPTIONS");
      expect(await reply.text()).toBe("");
    });
  });

  describe("RateLimit and RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers-09)", () => {
    it("count sign-in attempts per IP and failures per account, down to a 429 with Retry-After", async () => {
      const { email } = await signUp(app.baseUrl);
      const first = quotas(await new Client(app.baseUrl).post("/api/signin", { email, password: "wrong password" }));
      expect(first.policy).toEqual({ "signin-ip": { q: 1000, w: 900 }, "signin-account": { q: 3, w: 900 } });
      expect(first.left["signin-account"]).toMatchObject({ r: 2 });
      expect(first.left["signin-account"]?.t).toBeGreaterThan(0);
      expect(first.left["signin-account"]?.t).toBeLessThanOrEqual(900);
      // The right password clears the failures: the account's budget is whole again.
      const success = await new Client(app.baseUrl).post("/api/signin", { email, password: PASSWORD });
      expect(success.status).toBe(200);
      expect(quotas(success).left["signin-account"]).toEqual({ r: 3, t: 0 });
      expect(quotas(success).left["signin-ip"]?.r).toBe((first.left["signin-ip"]?.r ?? 0) - 1);
      const failures: Reply[] = [];
      for (let i = 0; i < 4; i++) failures.push(await new Client(app.baseUrl).post("/api/signin", { email, password: "wrong password" }));
      expect(failures.map((reply) => quotas(reply).left["signin-account"]?.r)).toEqual([2, 1, 0, 0]);
      const refused = failures.at(-1) as Reply;
      expectError(refused, 429, "rate_limited");
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(quotas(refused).left["signin-account"]?.t).toBe(retryAfter);
    });

    it("count sign-ups per IP, and mail requests per IP and per address (forgot password, resend verification)", async () => {
      const signUpReply = await new Client(app.baseUrl).post("/api/signup", { email: uniqueEmail(), password: PASSWORD });
      expect(signUpReply.status).toBe(201);
      expect(quotas(signUpReply).policy).toEqual({ "signup-ip": { q: 1000, w: 3600 } });
      const address = uniqueEmail("mail");
      const forgot = async () => new Client(app.baseUrl).post("/api/password/forgot", { email: address });
      const [one, two, three] = [await forgot(), await forgot(), await forgot()];
      expect(quotas(one as Reply).policy).toEqual({ "mail-ip": { q: 1000, w: 3600 }, "mail-address": { q: 2, w: 3600 } });
      expect([one, two].map((reply) => quotas(reply as Reply).left["mail-address"]?.r)).toEqual([1, 0]);
      expectError(three as Reply, 429, "rate_limited");
      expect(three?.headers.get("retry-after")).toMatch(/^\d+$/);
      const { client } = await signUp(app.baseUrl);
      const resend = await client.post("/api/email/verification");
      expect(resend.status).toBe(202);
      expect(quotas(resend).left["mail-address"]?.r).toBe(1);
    });

    it("are not sent by routes that are not limited", async () => {
      const { client } = await signUp(app.baseUrl);
      const me = await client.get("/api/me");
      expect(me.headers.get("ratelimit")).toBeNull();
      expect(me.headers.get("ratelimit-policy")).toBeNull();
    });
  });

  describe("CORS (CORS_ORIGINS)", () => {
    it("answers a preflight from an allowed origin with what it may send, never with credentials", async () => {
      for (const origin of [ALLOWED, ALSO_ALLOWED]) {
        const reply = await new Client(app.baseUrl).request("OPTIONS", "/api/playlists", {
          headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
        });
        expect(reply.status).toBe(204);
        expect(reply.headers.get("access-control-allow-origin")).toBe(origin);
        expect(reply.headers.get("access-control-allow-methods")).toBe("GET, POST, HEAD, OPTIONS");
        expect(reply.headers.get("access-control-allow-headers")?.toLowerCase().split(", ")).toEqual(["authorization", "content-type", "x-request-id"]);
        expect(Number(reply.headers.get("access-control-max-age"))).toBeGreaterThan(0);
        expect(reply.headers.get("access-control-allow-credentials")).toBeNull();
        expect(reply.headers.get("vary")).toMatch(/\bOrigin\b/);
      }
    });

    it("refuses a preflight from any other origin, and tells it nothing it could use", async () => {
      for (const origin of ["https://evil.example", "https://app.example.evil.example", "http://app.example", "null"]) {
        const reply = await new Client(app.baseUrl).request("OPTIONS", "/api/playlists", { headers: { origin, "access-control-request-method": "POST" } });
        expectError(reply, 403, "forbidden_origin");
        expect(reply.headers.get("access-control-allow-origin")).toBeNull();
        expect(reply.headers.get("access-control-allow-methods")).toBeNull();
      }
    });

    it("lets an allowed origin read Bearer answers and the headers a script needs; other origins get no grant", async () => {
      const { client } = await signUp(app.baseUrl);
      const { token } = await createToken(client, "spa");
      const allowed = await new Client(app.baseUrl).post("/api/playlists", { name: "From the SPA" }, { bearer: token, headers: { origin: ALLOWED } });
      expect(allowed.status).toBe(201);
      expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED);
      expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
      const exposed = (allowed.headers.get("access-control-expose-headers") ?? "").split(", ");
      expect(exposed).toEqual(expect.arrayContaining(["X-Request-Id", "Retry-After", "RateLimit", "RateLimit-Policy", "WWW-Authenticate"]));
      expect(allowed.headers.get("vary")).toMatch(/\bOrigin\b/);
      const error = await new Client(app.baseUrl).get("/api/me", { headers: { origin: ALLOWED } });
      expectError(error, 401, "unauthenticated");
      expect(error.headers.get("access-control-allow-origin")).toBe(ALLOWED);
      const other = await new Client(app.baseUrl).get("/api/me", { bearer: token, headers: { origin: "https://evil.example" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      expect(other.headers.get("vary")).toMatch(/\bOrigin\b/);
    });

    it("still refuses cookie-authenticated writes from an allowed origin (the CSRF check)", async () => {
      const { client } = await signUp(app.baseUrl);
      const reply = await client.post("/api/playlists", { name: "Cross-site" }, { headers: { origin: ALLOWED } });
      expectError(reply, 403, "forbidden_origin");
      expect(reply.headers.get("access-control-allow-credentials")).toBeNull();
      const signIn = await new Client(app.baseUrl).post("/api/signin", { email: uniqueEmail(), password: PASSWORD }, { headers: { origin: ALLOWED } });
      expectError(signIn, 403, "forbidden_origin");
    });

    it("sends no grant when CORS_ORIGINS is unset (the default), but Vary: Origin still", async () => {
      await app.restart({ CORS_ORIGINS: "" });
      try {
        const reply = await new Client(app.baseUrl).request("OPTIONS", "/api/me", { headers: { origin: ALLOWED, "access-control-request-method": "GET" } });
        expectError(reply, 403, "forbidden_origin");
        const get = await new Client(app.baseUrl).get("/api/health", { headers: { origin: ALLOWED } });
        expect(get.headers.get("access-control-allow-origin")).toBeNull();
        expect(get.headers.get("vary")).toMatch(/\bOrigin\b/);
      } finally {
        await app.restart({ CORS_ORIGINS: `${ALLOWED}, ${ALSO_ALLOWED}/` });
      }
    });
  });
});
