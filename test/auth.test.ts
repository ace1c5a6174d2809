import { describe, expect, it } from "vitest";
import { useApp } from "./support/app";
import { backends } from "./support/backends";
import { Client, PASSWORD, signUp, uniqueEmail } from "./support/client";
import { expectError, expectPublicUser } from "./support/contract";
import { decodePayload, forgeToken } from "./support/tokens";

describe.each(backends())("auth core on %s", (backend) => {
  const app = useApp(backend);

  describe("POST /api/signup", () => {
    it("creates the user, returns it without secrets and sets the session cookie", async () => {
      const client = new Client(app.baseUrl);
      const email = uniqueEmail("Mixed.Case");
      const reply = await client.post("/api/signup", { email: `  ${email.toUpperCase()} `, password: PASSWORD, name: " Ann " });
      expect(reply.status).toBe(201);
      const { user } = reply.body as { user: { email: string; name: string } };
      expectPublicUser(user);
      expect(user.email).toBe(email.toLowerCase());
      expect(user.name).toBe("Ann");
      expect(reply.text).not.toMatch(/password|hash|\$2b\$/i);
    });

    it("sets a __Host- cookie that is HttpOnly, Secure, SameSite=Lax and Path=/ in production", async () => {
      const client = new Client(app.baseUrl);
      const reply = await client.post("/api/signup", { email: uniqueEmail(), password: PASSWORD });
      const [cookie = ""] = reply.headers.getSetCookie();
      expect(cookie).toMatch(/^__Host-trax_session=[\w-]+\.[\w-]+\.[\w-]+;/);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      expect(cookie).toMatch(/; Path=\//i);
      expect(cookie).not.toMatch(/Domain=/i);
      const claims = decodePayload(client.token() ?? "");
      expect(Object.keys(claims).sort()).toEqual(["aud", "exp", "iat", "iss", "sid", "sub"]);
    });

    it("answers 409 for an email that is taken, whatever its case", async () => {
      const { email } = await signUp(app.baseUrl);
      const reply = await new Client(app.baseUrl).post("/api/signup", { email: email.toUpperCase(), password: PASSWORD });
      expectError(reply, 409, "conflict");
      expect(reply.headers.getSetCookie()).toEqual([]);
    });

    it.each([
      ["a short password", { email: "x@example.test", password: "short" }, "password"],
      ["a password over 128 characters", { email: "x@example.test", password: "p".repeat(129) }, "password"],
      ["a malformed email", { email: "not-an-email", password: PASSWORD }, "email"],
      ["a missing email", { password: PASSWORD }, "email"],
      ["a password that is not a string", { email: "x@example.test", password: 12345678 }, "password"],
      ["a name over 100 characters", { email: "x@example.test", password: PASSWORD, name: "n".repeat(101) }, "name"],
    ])("answers 400 with the field for %s", async (_label, body, field) => {
      const reply = await new Client(app.baseUrl).post("/api/signup", body);
      expectError(reply, 400, "validation_failed");
      expect((reply.body as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty(field);
    });

    it("answers 400 for a body that is not JSON or not an object", async () => {
      const client = new Client(app.baseUrl);
      const headers = { "content-type": "application/json" };
      expectError(await client.request("POST", "/api/signup", { body: "{nope", headers }), 400, "validation_failed");
      expectError(await client.request("POST", "/api/signup", { body: "[1,2]", headers }), 400, "validation_failed");
      expectError(await client.request("POST", "/api/signup", { body: "null", headers }), 400, "validation_failed");
      expectError(await client.request("POST", "/api/signup", { body: "", headers }), 400, "validation_failed");
    });

    it("answers 415 for a non-JSON content type and 413 past 16 KiB", async () => {
      const client = new Client(app.baseUrl);
      const form = await client.request("POST", "/api/signup", {
        body: "email=a@b.c&password=12345678",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expectError(form, 415, "unsupported_media_type");
      const big = await client.post("/api/signup", { email: uniqueEmail(), password: PASSWORD, name: "x".repeat(17 * 1024) });
      expectError(big, 413, "payload_too_large");
    });

    it("answers 405 with Allow for other methods", async () => {
      const reply = await new Client(app.baseUrl).get("/api/signup");
      expectError(reply, 405, "method_not_allowed");
      expect(reply.headers.get("allow")).toBe("POST, OPTIONS");
    });
  });

  describe("POST /api/signin", () => {
    it("signs in with the right password, whatever the email's case", async () => {
      const { email } = await signUp(app.baseUrl);
      const client = new Client(app.baseUrl);
      const reply = await client.post("/api/signin", { email: email.toUpperCase(), password: PASSWORD });
      expect(reply.status).toBe(200);
      expectPublicUser((reply.body as { user: unknown }).user);
      expect(client.token()).toBeTruthy();
      expect((await client.get("/api/me")).status).toBe(200);
    });

    it("gives the same 401 body for an unknown email and for a wrong password", async () => {
      const { email } = await signUp(app.baseUrl);
      const wrongPassword = await new Client(app.baseUrl).post("/api/signin", { email, password: "wrong password!" });
      const unknownEmail = await new Client(app.baseUrl).post("/api/signin", { email: uniqueEmail("nobody"), password: PASSWORD });
      expectError(wrongPassword, 401, "invalid_credentials");
      expect(unknownEmail.status).toBe(401);
      expect(unknownEmail.text).toBe(wrongPassword.text);
      expect(wrongPassword.headers.getSetCookie()).toEqual([]);
    });

    it("keeps every byte of a password longer than bcrypt's 72", async () => {
      const long = `${"x".repeat(72)}-tail-one`;
      const { email } = await signUp(app.baseUrl, uniqueEmail(), long);
      const sameFirst72 = await new Client(app.baseUrl).post("/api/signin", { email, password: `${"x".repeat(72)}-tail-two` });
      expectError(sameFirst72, 401, "invalid_credentials");
      expect((await new Client(app.baseUrl).post("/api/signin", { email, password: long })).status).toBe(200);
    });

    it("answers 400, 415 and 405 like every body route", async () => {
      const client = new Client(app.baseUrl);
      expectError(await client.post("/api/signin", { email: "a@b.c" }), 400, "validation_failed");
      expectError(await client.request("POST", "/api/signin", { body: "x", headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type");
      expectError(await client.request("PUT", "/api/signin", { json: {} }), 405, "method_not_allowed");
    });
  });

  describe("GET /api/me", () => {
    it("answers with the user for the cookie and for the same token as a Bearer", async () => {
      const { client, user } = await signUp(app.baseUrl);
      const byCookie = await client.get("/api/me");
      expect(byCookie.status).toBe(200);
      expect((byCookie.body as { user: { id: string } }).user.id).toBe(user.id);
      const byBearer = await new Client(app.baseUrl).get("/api/me", { bearer: client.token() });
      expect(byBearer.status).toBe(200);
      expect(byBearer.body).toEqual(byCookie.body);
    });

    it("answers 401 without credentials or with a malformed Authorization header", async () => {
      expectError(await new Client(app.baseUrl).get("/api/me"), 401, "unauthenticated");
      const basic = await new Client(app.baseUrl).get("/api/me", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
      expectError(basic, 401, "unauthenticated");
    });

    it("refuses a tampered token", async () => {
      const { client, user } = await signUp(app.baseUrl);
      const [header, payload, signature = ""] = (client.token() ?? "").split(".");
      const edited = Buffer.from(JSON.stringify({ ...decodePayload(client.token() ?? ""), sub: `${user.id}x` })).toString("base64url");
      const flipped = `${signature.slice(0, -2)}${signature.at(-2) === "A" ? "B" : "A"}${signature.at(-1)}`;
      for (const token of [`${header}.${edited}.${signature}`, `${header}.${payload}.${flipped}`, `${header}.${payload}`]) {
        expectError(await new Client(app.baseUrl).get("/api/me", { bearer: token }), 401, "unauthenticated");
      }
    });

    it("refuses an expired token even though its session row is alive", async () => {
      const { client, user } = await signUp(app.baseUrl);
      const { sid } = decodePayload(client.token() ?? "") as { sid: string };
      const past = Math.floor(Date.now() / 1000) - 60;
      const expired = await forgeToken({ sub: user.id, sid, issuedAt: past - 3600, expiresAt: past });
      expectError(await new Client(app.baseUrl).get("/api/me", { bearer: expired }), 401, "unauthenticated");
      const fresh = await forgeToken({ sub: user.id, sid });
      expect((await new Client(app.baseUrl).get("/api/me", { bearer: fresh })).status).toBe(200);
    });

    it("refuses a token whose session has expired in the database", async () => {
      const { client, user } = await signUp(app.baseUrl);
      await app.sql(`UPDATE "Session" SET "expiresAt" = now() - interval '1 minute' WHERE "userId" = $1`, [user.id]);
      expectError(await client.get("/api/me"), 401, "unauthenticated");
    });

    it("refuses a token whose user was deleted", async () => {
      const { client, user } = await signUp(app.baseUrl);
      await app.sql(`DELETE FROM "User" WHERE id = $1`, [user.id]);
      expectError(await client.get("/api/me"), 401, "unauthenticated");
      expectError(await new Client(app.baseUrl).get("/api/me", { bearer: client.token() }), 401, "unauthenticated");
    });

    it("answers 405 with Allow for other methods", async () => {
      const { client } = await signUp(app.baseUrl);
      const reply = await client.request("PUT", "/api/me", { json: {} });
      expectError(reply, 405, "method_not_allowed");
      expect(reply.headers.get("allow")).toContain("GET");
    });
  });

  describe("POST /api/signout", () => {
    it("revokes the session and clears the cookie; the old token is refused afterwards", async () => {
      const { client } = await signUp(app.baseUrl);
      const token = client.token() ?? "";
      const reply = await client.post("/api/signout");
      expect(reply.status).toBe(204);
      expect(reply.headers.getSetCookie().join()).toMatch(/__Host-trax_session=;.*Expires=Thu, 01 Jan 1970/i);
      expect(client.token()).toBeUndefined();
      const replayCookie = new Client(app.baseUrl);
      replayCookie.cookies.set("__Host-trax_session", token);
      expectError(await replayCookie.get("/api/me"), 401, "unauthenticated");
      expectError(await new Client(app.baseUrl).get("/api/me", { bearer: token }), 401, "unauthenticated");
      expectError(await new Client(app.baseUrl).post("/api/signout", undefined, { bearer: token }), 401, "unauthenticated");
    });

    it("leaves the user's other sessions alive", async () => {
      const { client, email } = await signUp(app.baseUrl);
      const other = new Client(app.baseUrl);
      expect((await other.post("/api/signin", { email, password: PASSWORD })).status).toBe(200);
      expect((await client.post("/api/signout")).status).toBe(204);
      expect((await other.get("/api/me")).status).toBe(200);
    });

    it("answers 401 without a session and 405 for GET", async () => {
      expectError(await new Client(app.baseUrl).post("/api/signout"), 401, "unauthenticated");
      const { client } = await signUp(app.baseUrl);
      expectError(await client.get("/api/signout"), 405, "method_not_allowed");
    });
  });

  describe("cross-site requests", () => {
    it("refuses cookie-authenticated writes and sign-up/sign-in from another site", async () => {
      const { client, email } = await signUp(app.baseUrl);
      const evil = { origin: "https://evil.example" };
      expectError(await client.post("/api/signout", undefined, { headers: evil }), 403, "forbidden_origin");
      expectError(await client.post("/api/signout", undefined, { headers: { "sec-fetch-site": "cross-site" } }), 403, "forbidden_origin");
      const signIn = await new Client(app.baseUrl).post("/api/signin", { email, password: PASSWORD }, { headers: evil });
      expectError(signIn, 403, "forbidden_origin");
      const signUpReply = await new Client(app.baseUrl).post("/api/signup", { email: uniqueEmail(), password: PASSWORD }, { headers: evil });
      expectError(signUpReply, 403, "forbidden_origin");
      expect((await client.get("/api/me", { headers: evil })).status).toBe(200);
    });

    it("lets same-origin cookie requests and Bearer requests from anywhere through", async () => {
      const { client } = await signUp(app.baseUrl);
      const token = client.token() ?? "";
      const sameOrigin = await new Client(app.baseUrl).post("/api/signin", { email: uniqueEmail(), password: PASSWORD }, { headers: { origin: app.baseUrl } });
      expectError(sameOrigin, 401, "invalid_credentials");
      const bearer = await new Client(app.baseUrl).post("/api/signout", undefined, { bearer: token, headers: { origin: "https://evil.example" } });
      expect(bearer.status).toBe(204);
    });
  });

  describe("GET /api/health", () => {
    it("answers ok while the database answers, and 405 for POST", async () => {
      const reply = await new Client(app.baseUrl).get("/api/health");
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ status: "ok" });
      expectError(await new Client(app.baseUrl).post("/api/health"), 405, "method_not_allowed");
    });
  });
});

describe.each(backends())("at the production bcrypt cost on %s", (backend) => {
  const app = useApp(backend, { BCRYPT_COST: "12" });

  it("stores cost-12 hashes and signs in with them", async () => {
    const { email, user } = await signUp(app.baseUrl);
    const client = new Client(app.baseUrl);
    expect((await client.post("/api/signin", { email, password: PASSWORD })).status).toBe(200);
    expectError(await new Client(app.baseUrl).post("/api/signin", { email, password: `${PASSWORD}!` }), 401, "invalid_credentials");
    const [row] = await app.sql(`SELECT "passwordHash" FROM "User" WHERE id = $1`, [user.id]);
    expect(String(row?.passwordHash)).toMatch(/^\$2b\$12\$/);
  });
});

describe.each(backends())("unknown paths and unstorable text on %s", (backend) => {
  const app = useApp(backend);

  it("answer the contract's JSON 404, signed in or not", async () => {
    expectError(await new Client(app.baseUrl).get("/api/no-such-route"), 404, "not_found");
    const { client } = await signUp(app.baseUrl);
    expectError(await client.request("DELETE", "/api/playlists/x/y/z/w"), 404, "not_found");
    expectError(await client.request("POST", "/api/nope", { body: "{bad", headers: { "content-type": "application/json" } }), 404, "not_found");
  });

  // Found by the fuzz suite: a NUL in a path id reached Postgres inside a batch transaction and came back 500.
  it("answers 400 for NUL characters or broken UTF-16 anywhere in the input, before the database", async () => {
    const { client } = await signUp(app.baseUrl);
    const created = await client.post("/api/playlists", { name: "Mine" });
    const { id } = (created.body as { playlist: { id: string } }).playlist;
    expectError(await client.request("PATCH", "/api/playlists/%00", { json: { name: "x" } }), 400, "validation_failed");
    expectError(await client.request("PATCH", `/api/playlists/${id}`, { json: { name: "a\u0000b" } }), 400, "validation_failed");
    expectError(await client.request("PATCH", `/api/playlists/${id}`, { body: '{"name":"\\ud800"}', headers: { "content-type": "application/json" } }), 400, "validation_failed");
    expectError(await client.get("/api/songs?q=%00"), 400, "validation_failed");
    expectError(await new Client(app.baseUrl).post("/api/signup", { email: uniqueEmail(), password: "pass\u0000word!" }), 400, "validation_failed");
    expect(((await client.get(`/api/playlists/${id}`)).body as { playlist: { name: string } }).playlist.name).toBe("Mine");
  });
});
