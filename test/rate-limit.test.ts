import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, startServer, type TestApp, type TestServer, useApp } from "./support/app";
import { backends, serverBackends } from "./support/backends";
import { Client, PASSWORD, signUp, uniqueEmail, type Reply } from "./support/client";
import { expectError } from "./support/contract";

const LIMITS = {
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: "3",
  SIGNIN_MAX_ATTEMPTS_PER_IP: "8",
  SIGNUP_MAX_PER_IP: "3",
  // Each test speaks from its own documentation-range address (RFC 5737).
  TRUST_PROXY: "x-forwarded-for",
};

let nextHost = 1;
function newClientAddress(): string {
  nextHost += 1;
  return `203.0.113.${nextHost}`;
}

/** The client wrote its own entry first; the proxy in front appended the address it saw, which alone counts. */
function from(ip: string) {
  return { headers: { "x-forwarded-for": `198.51.100.77, ${ip}` } };
}

function signIn(baseUrl: string, email: string, password: string, ip: string): Promise<Reply> {
  return new Client(baseUrl).post("/api/signin", { email, password }, from(ip));
}

function expectRateLimited(reply: Reply, maxSeconds: number): void {
  expectError(reply, 429, "rate_limited");
  const retryAfter = Number(reply.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(reply.headers.getSetCookie()).toEqual([]);
}

describe.each(backends())("rate limits on %s", (backend) => {
  const app = useApp(backend, LIMITS);

  it("locks an account after its failures: even the right password is refused until the window ends", async () => {
    const { email } = await signUp(app.baseUrl);
    for (let i = 0; i < 3; i += 1) expectError(await signIn(app.baseUrl, email, "wrong password", newClientAddress()), 401, "invalid_credentials");
    expectRateLimited(await signIn(app.baseUrl, email, PASSWORD, newClientAddress()), 15 * 60);
    expectRateLimited(await signIn(app.baseUrl, email.toUpperCase(), PASSWORD, newClientAddress()), 15 * 60);
  });

  it("locks an unknown email exactly like a real one, so a 429 tells nothing", async () => {
    const email = uniqueEmail("nobody");
    for (let i = 0; i < 3; i += 1) expectError(await signIn(app.baseUrl, email, "wrong password", newClientAddress()), 401, "invalid_credentials");
    expectRateLimited(await signIn(app.baseUrl, email, "wrong password", newClientAddress()), 15 * 60);
  });

  it("starts the failure count over after a successful sign-in", async () => {
    const { email } = await signUp(app.baseUrl);
    const ip = newClientAddress();
    for (let i = 0; i < 2; i += 1) expectError(await signIn(app.baseUrl, email, "wrong password", ip), 401, "invalid_credentials");
    expect((await signIn(app.baseUrl, email, PASSWORD, ip)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) expectError(await signIn(app.baseUrl, email, "wrong password", ip), 401, "invalid_credentials");
    expect((await signIn(app.baseUrl, email, PASSWORD, ip)).status).toBe(200);
  });

  it("lets exactly the allowed number of parallel guesses through, the rest 429, none 5xx", async () => {
    const { email } = await signUp(app.baseUrl);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => signIn(app.baseUrl, email, "wrong password", newClientAddress())),
    );
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(17);
  });

  it("limits sign-in attempts per client address, across accounts", async () => {
    const ip = newClientAddress();
    for (let i = 0; i < 8; i += 1) expectError(await signIn(app.baseUrl, uniqueEmail(), "wrong password", ip), 401, "invalid_credentials");
    expectRateLimited(await signIn(app.baseUrl, uniqueEmail(), "wrong password", ip), 15 * 60);
    expectError(await signIn(app.baseUrl, uniqueEmail(), "wrong password", newClientAddress()), 401, "invalid_credentials");
  });

  it("limits sign-ups per client address per hour", async () => {
    const ip = newClientAddress();
    const attempt = () => new Client(app.baseUrl).post("/api/signup", { email: uniqueEmail(), password: PASSWORD }, from(ip));
    for (let i = 0; i < 3; i += 1) expect((await attempt()).status).toBe(201);
    const refused = await attempt();
    expectRateLimited(refused, 60 * 60);
    const elsewhere = await new Client(app.baseUrl).post("/api/signup", { email: uniqueEmail(), password: PASSWORD }, from(newClientAddress()));
    expect(elsewhere.status).toBe(201);
  });

  it("counts wrong passwords on account deletion and password change against the session's own budget, not the account's", async () => {
    const signedUp = new Client(app.baseUrl);
    const email = uniqueEmail("reauth");
    expect((await signedUp.post("/api/signup", { email, password: PASSWORD }, from(newClientAddress()))).status).toBe(201);
    const changePassword = (currentPassword: string) =>
      signedUp.post("/api/me/password", { currentPassword, newPassword: "another password 1" });
    expectError(await changePassword("wrong password"), 400, "validation_failed");
    expectError(await signedUp.request("DELETE", "/api/me", { json: { password: "wrong password" } }), 400, "validation_failed");
    expectError(await changePassword("wrong password"), 400, "validation_failed");
    expectRateLimited(await changePassword(PASSWORD), 15 * 60);
    expectRateLimited(await signedUp.request("DELETE", "/api/me", { json: { password: PASSWORD } }), 15 * 60);
    expect((await signedUp.get("/api/me")).status).toBe(200);
    // A stolen session's guesses do not lock the owner out of signing in elsewhere.
    expect((await signIn(app.baseUrl, email, PASSWORD, newClientAddress())).status).toBe(200);
  });

  it("keeps counters in the database, keyed by a digest rather than the email", async () => {
    const email = uniqueEmail("digest");
    await signIn(app.baseUrl, email, "wrong password", newClientAddress());
    const rows = await app.sql(`SELECT key, points, expire FROM "RateLimiterFlexible"`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => String(row.key).startsWith("signin-account:"))).toBe(true);
    expect(rows.map((row) => String(row.key)).join(" ")).not.toContain(email);
  });

  it("sweeps counters that expired over an hour ago, and keeps recent ones", async () => {
    await app.sql(`INSERT INTO "RateLimiterFlexible" (key, points, expire) VALUES
      ('signin-ip:old', 1, now() - interval '2 hours'), ('signin-ip:recent', 1, now() - interval '5 minutes')`);
    await app.restart();
    await signIn(app.baseUrl, uniqueEmail(), "wrong password", newClientAddress());
    await new Promise((resolve) => setTimeout(resolve, 500));
    const keys = (await app.sql(`SELECT key FROM "RateLimiterFlexible" WHERE key LIKE 'signin-ip:%'`)).map((row) => row.key);
    expect(keys).not.toContain("signin-ip:old");
    expect(keys).toContain("signin-ip:recent");
  });
});

describe.each(backends())("client address without TRUST_PROXY on %s", (backend) => {
  const app = useApp(backend, { SIGNIN_MAX_ATTEMPTS_PER_IP: "3" });

  it("ignores X-Forwarded-For, so a forged header does not buy fresh attempts", async () => {
    for (let i = 0; i < 3; i += 1) expectError(await signIn(app.baseUrl, uniqueEmail(), "wrong", newClientAddress()), 401, "invalid_credentials");
    expectRateLimited(await signIn(app.baseUrl, uniqueEmail(), "wrong", newClientAddress()), 15 * 60);
  });
});

describe.each(serverBackends())("brute force across two instances on one Postgres (%s)", (backend) => {
  let app: TestApp;
  let second: TestServer;
  beforeAll(async () => {
    app = await startApp(backend, { SIGNIN_MAX_FAILURES_PER_ACCOUNT: "4" });
    second = await startServer(app);
  });
  afterAll(async () => {
    await second?.stop();
    await app?.stop();
  });

  it("holds the account lockout whichever instance the guesses reach", async () => {
    const { email } = await signUp(app.baseUrl);
    const instances = [app.baseUrl, second.baseUrl];
    const guess = (i: number, password: string) => new Client(instances[i % 2] ?? app.baseUrl).post("/api/signin", { email, password });
    for (let i = 0; i < 4; i += 1) expectError(await guess(i, `wrong password ${i}`), 401, "invalid_credentials");
    for (let i = 4; i < 8; i += 1) expectRateLimited(await guess(i, i % 2 === 0 ? PASSWORD : "wrong again"), 15 * 60);
    expectRateLimited(await guess(1, PASSWORD), 15 * 60);
  });
});
