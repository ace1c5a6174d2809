import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app";
import { body, createToken, listSessions } from "./support/api";
import { backends } from "./support/backends";
import { Client, PASSWORD, signUp } from "./support/client";
import { expectError, expectPublicUser } from "./support/contract";
import { startSmtp, tokenIn, type TestSmtp } from "./support/smtp";

const CHALLENGE_COOKIE = "__Host-trax_mfa";
const SESSION_COOKIE = "__Host-trax_session";
const MAX_FAILURES = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface MfaUser {
  client: Client;
  email: string;
  secret: string;
  recoveryCodes: string[];
  /** The next time-step offset to compute a code at: -1, 0, +1 (all inside the server's drift window). */
  nextOffset: number;
}

/** The RFC 6238 code of `secret` `offset` steps from now, computed here as an authenticator app would. */
function codeAt(secret: string, offset: number): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + offset * 30_000 });
}

/** Waits out the last 2 s of a 30 s step, so a code computed now is still of its step when the server checks it. */
async function awayFromStepEdge(): Promise<void> {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 28_000) await sleep(30_000 - intoStep + 100);
}

/** A fresh code the server has not seen: each user gets three (one per step of the drift window). */
async function freshCode(user: MfaUser): Promise<string> {
  if (user.nextOffset > 1) throw new Error("this user has used every step of the window; use a fresh user");
  await awayFromStepEdge();
  return codeAt(user.secret, user.nextOffset++);
}

async function enableTotp(app: TestApp): Promise<MfaUser> {
  const { client, email } = await signUp(app.baseUrl);
  const { secret } = body<{ secret: string; uri: string }>(await client.post("/api/mfa/totp", { password: PASSWORD }), 200);
  const user: MfaUser = { client, email, secret, recoveryCodes: [], nextOffset: -1 };
  const confirmed = await client.post("/api/mfa/totp/confirm", { code: await freshCode(user) });
  user.recoveryCodes = body<{ recoveryCodes: string[] }>(confirmed, 200).recoveryCodes;
  return user;
}

/** The first step of a sign-in: a client holding the challenge cookie only. */
async function passwordStep(app: TestApp, email: string, password = PASSWORD): Promise<Client> {
  const client = new Client(app.baseUrl);
  const reply = await client.post("/api/signin", { email, password });
  expect(body(reply, 200)).toEqual({ mfaRequired: true, methods: ["totp", "recovery_code"] });
  expect(client.token()).toBeUndefined();
  expect(client.cookies.get(CHALLENGE_COOKIE)).toBeTruthy();
  return client;
}

describe.each(backends())("a second factor and passkeys on %s", (backend) => {
  let app: TestApp;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startApp(backend, { SMTP_URL: smtp.url, MFA_MAX_FAILURES_PER_ACCOUNT: String(MAX_FAILURES) });
  });
  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it("sets TOTP up with the password and a first code, stores the secret sealed and the recovery codes hashed", async () => {
    const { client, email, user } = await signUp(app.baseUrl);
    expect((user as unknown as { mfa: unknown }).mfa).toEqual({ totp: false, passkeys: 0 });
    expectError(await client.post("/api/mfa/totp", {}), 400, "validation_failed");
    const wrong = await client.post("/api/mfa/totp", { password: "not my password" });
    expectError(wrong, 400, "validation_failed");
    expect((wrong.body as { error: { fields: object } }).error.fields).toHaveProperty("password");
    expectError(await client.post("/api/mfa/totp/confirm", { code: "123456" }), 409, "conflict");

    const setup = body<{ secret: string; uri: string }>(await client.post("/api/mfa/totp", { password: PASSWORD }), 200);
    expect(Object.keys(setup).sort()).toEqual(["secret", "uri"]);
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(setup.uri);
    expect(`${uri.protocol}//${uri.host}`).toBe("otpauth://totp");
    expect(decodeURIComponent(uri.pathname)).toBe(`/Trax:${email}`);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret: setup.secret, issuer: "Trax", algorithm: "SHA1", digits: "6", period: "30" });
    // Pending only: nothing changes at sign-in until it is confirmed.
    expect(body<{ user: { mfa: unknown } }>(await client.get("/api/me"), 200).user.mfa).toEqual({ totp: false, passkeys: 0 });

    for (const code of ["12345", "abcdef", "1234567", 123456]) {
      expectError(await client.post("/api/mfa/totp/confirm", { code }), 400, "validation_failed");
    }
    const wrongCode = await client.post("/api/mfa/totp/confirm", { code: codeAt(setup.secret, 5) });
    expectError(wrongCode, 400, "validation_failed");
    expect((wrongCode.body as { error: { fields: object } }).error.fields).toHaveProperty("code");

    await awayFromStepEdge();
    const confirmed = body<{ recoveryCodes: string[] }>(await client.post("/api/mfa/totp/confirm", { code: codeAt(setup.secret, 0) }), 200);
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    for (const code of confirmed.recoveryCodes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    const me = body<{ user: unknown }>(await client.get("/api/me"), 200).user;
    expectPublicUser(me);
    expect((me as { mfa: unknown }).mfa).toEqual({ totp: true, passkeys: 0 });
    expectError(await client.post("/api/mfa/totp", { password: PASSWORD }), 409, "conflict");
    await smtp.waitForSubject(email, "Your Trax sign-in settings changed");

    const userId = (me as { id: string }).id;
    const [row] = await app.sql(
      `SELECT t.secret, (SELECT json_agg(r."codeHash") FROM "RecoveryCode" r WHERE r."userId" = t."userId") AS hashes
       FROM "TotpFactor" t WHERE t."userId" = $1`,
      [userId],
    );
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(setup.secret);
    expect(stored).not.toContain(setup.secret.toLowerCase());
    for (const code of confirmed.recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace("-", ""));
    }
    expect((row?.hashes as string[]).length).toBe(10);
  });

  it("signs in with the password and then a code: no session in between, one after, recorded as password + TOTP", async () => {
    const user = await enableTotp(app);
    const signIn = await new Client(app.baseUrl).post("/api/signin", { email: user.email, password: PASSWORD });
    const cookies = signIn.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith(SESSION_COOKIE))).toBe(false);
    const challenge = cookies.find((c) => c.startsWith(`${CHALLENGE_COOKIE}=`)) ?? "";
    expect(challenge).toMatch(/; HttpOnly/i);
    expect(challenge).toMatch(/; Secure/i);
    expect(challenge).toMatch(/; SameSite=Lax/i);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(challenge)?.[1] ?? "");
    expect(expires - Date.now()).toBeLessThanOrEqual(5 * 60_000 + 1000);

    const pending = await passwordStep(app, user.email);
    expectError(await pending.get("/api/me"), 401, "unauthenticated");
    expectError(await pending.post("/api/signin/mfa", { code: "000000", recoveryCode: "abcde-12345" }), 400, "validation_failed");
    expectError(await pending.post("/api/signin/mfa", {}), 400, "validation_failed");
    const code = await freshCode(user);
    const done = await pending.post("/api/signin/mfa", { code });
    const signedIn = body<{ user: { mfa: unknown } }>(done, 200).user;
    expectPublicUser(signedIn);
    expect(signedIn.mfa).toEqual({ totp: true, passkeys: 0 });
    expect(pending.token()).toBeTruthy();
    expect(pending.cookies.has(CHALLENGE_COOKIE)).toBe(false);
    const current = (await listSessions(pending)).find((s) => s.current);
    expect(current?.method).toBe("password_totp");
    expect((await listSessions(user.client)).find((s) => s.current)?.method).toBe("password");

    // The same code again, with a new challenge: refused (accepted once), as is an older step's.
    const replay = await passwordStep(app, user.email);
    expectError(await replay.post("/api/signin/mfa", { code }), 401, "invalid_code");
    expectError(await replay.post("/api/signin/mfa", { code: codeAt(user.secret, -1) }), 401, "invalid_code");
    expect(replay.token()).toBeUndefined();
    // The spent challenge opens nothing more.
    const spent = new Client(app.baseUrl);
    spent.cookies.set(CHALLENGE_COOKIE, /=([^;]*)/.exec(challenge)?.[1] ?? "");
    const later = await passwordStep(app, user.email);
    body(await later.post("/api/signin/mfa", { code: await freshCode(user) }), 200);
    expectError(await later.post("/api/signin/mfa", { code: codeAt(user.secret, 1) }), 401, "unauthenticated");
    expectError(await new Client(app.baseUrl).post("/api/signin/mfa", { code: "123456" }), 401, "unauthenticated");
    expectError(await spent.post("/api/signin/mfa", { code: "123456" }, { headers: { origin: "https://evil.example" } }), 403, "forbidden_origin");
  });

  it("signs in once with each recovery code, and mails the owner how many are left", async () => {
    const user = await enableTotp(app);
    const [first = "", second = ""] = user.recoveryCodes;
    const pending = await passwordStep(app, user.email);
    // As typed from paper: upper case, no dash.
    body(await pending.post("/api/signin/mfa", { recoveryCode: first.replace("-", "").toUpperCase() }), 200);
    expect((await listSessions(pending)).find((s) => s.current)?.method).toBe("recovery_code");
    const mail = await smtp.waitForSubject(user.email, "A recovery code was used to sign in to Trax");
    expect(mail.text).toContain("9 codes are left");

    const again = await passwordStep(app, user.email);
    expectError(await again.post("/api/signin/mfa", { recoveryCode: first }), 401, "invalid_code");
    expectError(await again.post("/api/signin/mfa", { recoveryCode: "zzzzz-zzzzz" }), 401, "invalid_code");
    expectError(await again.post("/api/signin/mfa", { recoveryCode: "short" }), 400, "validation_failed");
    body(await again.post("/api/signin/mfa", { recoveryCode: second }), 200);
    // Another account's code is no code of this one.
    const other = await enableTotp(app);
    const cross = await passwordStep(app, user.email);
    expectError(await cross.post("/api/signin/mfa", { recoveryCode: other.recoveryCodes[0] }), 401, "invalid_code");
  });

  it("limits wrong codes per account in the database: 429 with Retry-After, even for the right code, from any client", async () => {
    const user = await enableTotp(app);
    const pending = await passwordStep(app, user.email);
    for (let attempt = 0; attempt < MAX_FAILURES; attempt += 1) {
      expectError(await pending.post("/api/signin/mfa", { code: codeAt(user.secret, 9 + attempt) }), 401, "invalid_code");
    }
    const limited = await pending.post("/api/signin/mfa", { code: await freshCode(user) });
    expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const elsewhere = await passwordStep(app, user.email);
    expectError(await elsewhere.post("/api/signin/mfa", { recoveryCode: user.recoveryCodes[0] }), 429, "rate_limited");
    // Another account is not held back by it.
    const other = await enableTotp(app);
    body(await (await passwordStep(app, other.email)).post("/api/signin/mfa", { code: await freshCode(other) }), 200);
  });

  it("never lets the challenge stand in for a session: every protected operation answers 401", async () => {
    const user = await enableTotp(app);
    const pending = await passwordStep(app, user.email);
    const challenge = pending.cookies.get(CHALLENGE_COOKIE) ?? "";
    const doc = body<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>(await new Client(app.baseUrl).get("/api/openapi.json"), 200);
    const protectedOperations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !Array.isArray(op.security) || op.security.length > 0)
        .map(([method, _op]) => [method.toUpperCase(), path.replace(/\{[^}]+\}/g, "some-id")] as const),
    );
    expect(protectedOperations.length).toBeGreaterThanOrEqual(20);
    for (const [method, path] of protectedOperations) {
      const json = method === "GET" ? undefined : {};
      const label = `${method} ${path}`;
      expect((await pending.request(method, path, { json })).status, label).toBe(401);
      // Nor as a session cookie's value, nor as a Bearer token.
      const asSession = await new Client(app.baseUrl).request(method, path, { json, headers: { cookie: `${SESSION_COOKIE}=${challenge}` } });
      expect(asSession.status, `${label} (as the session cookie)`).toBe(401);
      expect((await new Client(app.baseUrl).request(method, path, { json, bearer: challenge })).status, `${label} (as a Bearer token)`).toBe(401);
    }
    // It still works for what it is for.
    body(await pending.post("/api/signin/mfa", { code: await freshCode(user) }), 200);
  });

  it("turns TOTP off and makes new recovery codes only with a web session and the password", async () => {
    const user = await enableTotp(app);
    const { token } = await createToken(user.client, "script", 7, "write");
    for (const [method, path, json] of [
      ["POST", "/api/mfa/totp", { password: PASSWORD }],
      ["DELETE", "/api/mfa/totp", { password: PASSWORD }],
      ["POST", "/api/mfa/totp/confirm", { code: "123456" }],
      ["POST", "/api/mfa/recovery-codes", { password: PASSWORD }],
      ["POST", "/api/passkeys/options", undefined],
      ["POST", "/api/passkeys", { response: {} }],
      ["DELETE", "/api/passkeys/some-id", undefined],
    ] as const) {
      expectError(await new Client(app.baseUrl).request(method, path, { bearer: token, json }), 403, "forbidden");
    }
    expect(body(await new Client(app.baseUrl).get("/api/passkeys", { bearer: token }), 200)).toEqual({ passkeys: [] });

    expectError(await user.client.post("/api/mfa/recovery-codes", { password: "wrong password" }), 400, "validation_failed");
    const fresh = body<{ recoveryCodes: string[] }>(await user.client.post("/api/mfa/recovery-codes", { password: PASSWORD }), 200).recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.some((code) => user.recoveryCodes.includes(code))).toBe(false);
    const old = await passwordStep(app, user.email);
    expectError(await old.post("/api/signin/mfa", { recoveryCode: user.recoveryCodes[0] }), 401, "invalid_code");
    body(await old.post("/api/signin/mfa", { recoveryCode: fresh[0] }), 200);

    expectError(await user.client.request("DELETE", "/api/mfa/totp", { json: { password: "wrong password" } }), 400, "validation_failed");
    expectError(await user.client.request("DELETE", "/api/mfa/totp"), 415, "unsupported_media_type");
    expect((await user.client.request("DELETE", "/api/mfa/totp", { json: { password: PASSWORD } })).status).toBe(204);
    expect(body<{ user: { mfa: unknown } }>(await user.client.get("/api/me"), 200).user.mfa).toEqual({ totp: false, passkeys: 0 });
    expectError(await user.client.post("/api/mfa/recovery-codes", { password: PASSWORD }), 409, "conflict");
    const direct = new Client(app.baseUrl);
    const signedIn = body<{ user: unknown }>(await direct.post("/api/signin", { email: user.email, password: PASSWORD }), 200);
    expectPublicUser(signedIn.user);
    expect(direct.token()).toBeTruthy();
  });

  it("keeps asking for the second factor after a password reset", async () => {
    const user = await enableTotp(app);
    expect((await new Client(app.baseUrl).post("/api/password/forgot", { email: user.email })).status).toBe(202);
    const token = tokenIn(await smtp.waitForSubject(user.email, "Reset your Trax password"));
    const newPassword = "a fresh passphrase 2026";
    expect((await new Client(app.baseUrl).post("/api/password/reset", { token, password: newPassword })).status).toBe(204);
    const pending = await passwordStep(app, user.email, newPassword);
    expectError(await pending.get("/api/sessions"), 401, "unauthenticated");
    body(await pending.post("/api/signin/mfa", { code: await freshCode(user) }), 200);
  });

  it("hands out passkey options from the database, refuses answers it cannot verify, and keeps passkeys to their owner", async () => {
    const { client, email } = await signUp(app.baseUrl);
    expectError(await new Client(app.baseUrl).post("/api/passkeys/options"), 401, "unauthenticated");
    const creation = body<{ challenge: string; rp: { id: string; name: string }; user: { name: string }; authenticatorSelection: { residentKey: string } }>(
      await client.post("/api/passkeys/options"),
      200,
    );
    expect(creation.rp).toEqual({ id: new URL(app.baseUrl).hostname, name: "Trax" });
    expect(creation.user.name).toBe(email);
    expect(creation.authenticatorSelection.residentKey).toBe("required");
    const [stored] = await app.sql(`SELECT purpose::text AS purpose, "expiresAt" > now() AS live FROM "WebAuthnChallenge" WHERE challenge = $1`, [creation.challenge]);
    expect(stored).toEqual({ purpose: "registration", live: true });

    const clientData = (challenge: string, type: string) =>
      Buffer.from(JSON.stringify({ type, challenge, origin: app.baseUrl })).toString("base64url");
    const forged = {
      id: "AAAA",
      rawId: "AAAA",
      type: "public-key",
      response: { clientDataJSON: clientData(creation.challenge, "webauthn.create"), attestationObject: "AAAA" },
      clientExtensionResults: {},
    };
    const refused = await client.post("/api/passkeys", { name: "Forged", response: forged });
    expectError(refused, 400, "validation_failed");
    expect((refused.body as { error: { fields: object } }).error.fields).toHaveProperty("response");
    expectError(await client.post("/api/passkeys", { name: "x", response: { id: 1 } }), 400, "validation_failed");
    expectError(await client.post("/api/passkeys", { name: "\u202Eevil", response: forged }), 400, "validation_failed");
    expect(body(await client.get("/api/passkeys"), 200)).toEqual({ passkeys: [] });

    const request = body<{ challenge: string; rpId: string; allowCredentials?: unknown[] }>(await new Client(app.baseUrl).post("/api/signin/passkey/options"), 200);
    expect(request.rpId).toBe(new URL(app.baseUrl).hostname);
    expect(request.allowCredentials ?? []).toEqual([]);
    expect(request.challenge).not.toBe(creation.challenge);
    const assertion = {
      id: "AAAA",
      rawId: "AAAA",
      type: "public-key",
      response: { clientDataJSON: clientData(request.challenge, "webauthn.get"), authenticatorData: "AAAA", signature: "AAAA" },
      clientExtensionResults: {},
    };
    const anonymous = new Client(app.baseUrl);
    expectError(await anonymous.post("/api/signin/passkey", { response: assertion }), 401, "invalid_credentials");
    expect(anonymous.token()).toBeUndefined();
    expectError(await anonymous.post("/api/signin/passkey", { response: "nope" }), 400, "validation_failed");
    expectError(await anonymous.post("/api/signin/passkey", {}), 400, "validation_failed");
    expectError(await client.request("DELETE", "/api/passkeys/no-such-passkey"), 404, "not_found");
  });
});
