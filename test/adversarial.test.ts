import { createHmac } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app";
import { backends } from "./support/backends";
import { Client, PASSWORD, signUp, uniqueEmail, type Reply } from "./support/client";
import { TEST_JWT_SECRET } from "./support/constants";
import { expectError } from "./support/contract";
import { decodePayload, forgeToken } from "./support/tokens";

const COOKIE = "__Host-trax_session";
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Any header and payload, HMAC-SHA256-signed with the real secret: alg confusion must still fail. */
function hmacSigned(header: object, payload: object): string {
  const signingInput = `${b64(header)}.${b64(payload)}`;
  return `${signingInput}.${createHmac("sha256", TEST_JWT_SECRET).update(signingInput).digest("base64url")}`;
}

function claimsOf(token: string): { sub: string; sid: string } {
  const { sub, sid } = decodePayload(token);
  return { sub: String(sub), sid: String(sid) };
}

async function meWith(baseUrl: string, token: string, via: "bearer" | "cookie"): Promise<Reply> {
  const client = new Client(baseUrl);
  return via === "bearer" ? client.get("/api/me", { bearer: token }) : client.get("/api/me", { headers: { cookie: `${COOKIE}=${token}` } });
}

describe.each(backends())("adversarial inputs on %s", (backend) => {
  let app: TestApp;
  let token: string;
  let claims: { sub: string; sid: string };
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    app = await startApp(backend);
    const { client } = await signUp(app.baseUrl);
    token = client.token() ?? "";
    claims = claimsOf(token);
    const now = Math.floor(Date.now() / 1000);
    const [header = "", payload = "", signature = ""] = token.split(".");
    const other = await signUp(app.baseUrl);
    const otherClaims = claimsOf(other.client.token() ?? "");
    const revoked = await signUp(app.baseUrl);
    const revokedToken = revoked.client.token() ?? "";
    expect((await revoked.client.post("/api/signout")).status).toBe(204);
    const deleted = await signUp(app.baseUrl);
    const deletedToken = deleted.client.token() ?? "";
    await app.sql(`DELETE FROM "User" WHERE id = $1`, [deleted.user.id]);

    const entries: [string, string][] = [
      ["alg none", `${b64({ alg: "none", typ: "JWT" })}.${payload}.`],
      ["alg none with the original signature", `${b64({ alg: "none", typ: "JWT" })}.${payload}.${signature}`],
      ["HS512 with the same secret", await forgeToken({ ...claims, alg: "HS512" })],
      ["HS384 with the same secret", await forgeToken({ ...claims, alg: "HS384" })],
      ["an RS256 header over an HMAC signature", hmacSigned({ alg: "RS256", typ: "JWT" }, decodePayload(token))],
      ["an unknown alg", hmacSigned({ alg: "HS257", typ: "JWT" }, decodePayload(token))],
      ["a critical header it does not know", hmacSigned({ alg: "HS256", crit: ["x-trax"], "x-trax": 1 }, decodePayload(token))],
      ["the wrong key", await forgeToken({ ...claims, secret: "another-secret-0123456789-abcdefghijklmnop" })],
      ["an edited payload (another user's ids)", `${header}.${b64({ ...decodePayload(token), ...otherClaims })}.${signature}`],
      ["an edited payload (later expiry)", `${header}.${b64({ ...decodePayload(token), exp: now + 10 ** 8 })}.${signature}`],
      ["a session of another user under this user's sub", await forgeToken({ sub: claims.sub, sid: otherClaims.sid })],
      ["expired", await forgeToken({ ...claims, issuedAt: now - 7200, expiresAt: now - 60 })],
      ["not yet valid (nbf in an hour)", await forgeToken({ ...claims, notBefore: now + 3600 })],
      ["issued in the future", await forgeToken({ ...claims, issuedAt: now + 3600, expiresAt: now + 7200 })],
      ["the wrong issuer", await forgeToken({ ...claims, issuer: "evil" })],
      ["the wrong audience", await forgeToken({ ...claims, audience: "evil" })],
      ["no sid", hmacSigned({ alg: "HS256" }, { sub: claims.sub, iss: "trax", aud: "trax", iat: now, exp: now + 60 })],
      ["a numeric sid", hmacSigned({ alg: "HS256" }, { ...decodePayload(token), sid: 1 })],
      ["truncated signature", token.slice(0, -5)],
      ["two segments", `${header}.${payload}`],
      ["four segments", `${token}.${signature}`],
      ["garbage", "garbage"],
      ["dots only", ".."],
      ["non-base64 segments", "%%%.***.$$$"],
      ["a JSON array payload", hmacSigned({ alg: "HS256" }, [1, 2, 3])],
      [
        "a validly signed 9 KB token",
        await new SignJWT({ sid: claims.sid, pad: "x".repeat(9 * 1024) })
          .setProtectedHeader({ alg: "HS256" })
          .setSubject(claims.sub)
          .setIssuer("trax")
          .setAudience("trax")
          .setIssuedAt()
          .setExpirationTime("1h")
          .sign(new TextEncoder().encode(TEST_JWT_SECRET)),
      ],
      ["a revoked session's token", revokedToken],
      ["a deleted user's token", deletedToken],
    ];
    for (const [label, value] of entries) tokens.set(label, value);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("accepts the genuine token both ways (so the refusals below mean something)", async () => {
    expect((await meWith(app.baseUrl, token, "bearer")).status).toBe(200);
    expect((await meWith(app.baseUrl, token, "cookie")).status).toBe(200);
  });

  describe.each(["bearer", "cookie"] as const)("token matrix as %s", (via) => {
    it("refuses every forged, stale or broken token with 401, never 5xx", async () => {
      expect(tokens.size).toBeGreaterThan(25);
      for (const [label, value] of tokens) {
        const reply = await meWith(app.baseUrl, value, via);
        expect(reply.status, `${label}: ${reply.text}`).toBe(401);
        expectError(reply, 401, "unauthenticated");
      }
    });
  });

  it("gives exactly one 201 and 49 × 409 for 50 parallel sign-ups with one email", async () => {
    const email = uniqueEmail("race");
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => new Client(app.baseUrl).post("/api/signup", { email, password: `${PASSWORD} ${i}` })),
    );
    const created = replies.filter((reply) => reply.status === 201);
    const conflicts = replies.filter((reply) => reply.status === 409);
    expect(replies.filter((reply) => reply.status >= 500).map((reply) => reply.text)).toEqual([]);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    for (const reply of conflicts) expectError(reply, 409, "conflict");
    const rows = await app.sql(`SELECT count(*)::int AS n FROM "User" WHERE email = $1`, [email]);
    expect(rows[0]?.n).toBe(1);
    const sessions = await app.sql(`SELECT count(*)::int AS n FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`, [email]);
    expect(sessions[0]?.n).toBe(1);
  });

  it("never writes a password, token or cookie into its request-error log", async () => {
    const secretPassword = `pw-${uniqueEmail("leak")}-never-logged`;
    const secretToken = `${token.slice(0, -3)}zzz`;
    const before = app.output().length;
    const client = new Client(app.baseUrl);
    expectError(await client.post("/api/signin", { email: uniqueEmail(), password: secretPassword }), 401, "invalid_credentials");
    expectError(await client.post("/api/signup", { email: "not-an-email", password: secretPassword }), 400, "validation_failed");
    expectError(await client.post(`/api/signin?password=${secretPassword}&token=${secretToken}`, {}), 400, "validation_failed");
    expectError(await client.get("/api/me", { bearer: secretToken }), 401, "unauthenticated");
    expectError(await client.get("/api/me", { headers: { cookie: `${COOKIE}=${secretToken}` } }), 401, "unauthenticated");
    expectError(await client.post("/api/signout", undefined, { headers: { cookie: `${COOKIE}=${token}`, origin: "https://evil.example" } }), 403, "forbidden_origin");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = app.output().slice(before);
    const lines = log.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
    // Security events (the failed sign-in) have lines of their own; every other line is a request error.
    const requestErrors = lines.filter((line) => line.category !== "security");
    expect(requestErrors.length).toBeGreaterThanOrEqual(6);
    for (const line of requestErrors) expect(Object.keys(line)).toEqual(expect.arrayContaining(["requestId", "method", "route", "status", "durationMs", "code"]));
    for (const secret of [secretPassword, secretToken, token, token.split(".")[2] ?? token, "correct horse"]) expect(log).not.toContain(secret);
  });
});
