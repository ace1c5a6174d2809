import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, startServer, type TestApp } from "./support/app";
import { body, createToken, signInAgain } from "./support/api";
import { backends, serverBackends } from "./support/backends";
import { Client, PASSWORD, signUp, uniqueEmail, type Reply } from "./support/client";
import { expectError, expectPublicUser } from "./support/contract";
import { linkIn, startSmtp, tokenIn, type TestSmtp } from "./support/smtp";

const NEW_PASSWORD = "a brand new passphrase";
const CRON_SECRET = "test-cron-secret-0123456789";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Headers that may differ between any two responses. */
// RateLimit counts down this client's own requests (per IP) between two replies; what it says per address is compared apart.
const VARYING = new Set(["date", "x-request-id", "ratelimit"]);

/** The per-address item of a RateLimit field: the same for a registered and an unknown address. */
const addressQuota = (reply: Reply) => /"mail-address";[^,]*/.exec(reply.headers.get("ratelimit") ?? "")?.[0];
function stableHeaders(reply: Reply): [string, string][] {
  return [...reply.headers].filter(([name]) => !VARYING.has(name));
}

interface MailApp {
  app: TestApp;
  smtp: TestSmtp;
}

/** An app whose mail goes to an SMTP server this file reads. */
function useMailApp(backend: Parameters<typeof startApp>[0], env: Record<string, string> = {}): MailApp {
  const ctx = {} as MailApp;
  beforeAll(async () => {
    ctx.smtp = await startSmtp();
    ctx.app = await startApp(backend, {
      SMTP_URL: ctx.smtp.url,
      CRON_SECRET,
      MAIL_RETRY_SECONDS: "1",
      SIGNIN_MAX_FAILURES_PER_ACCOUNT: "3",
      ...env,
    });
  });
  afterAll(async () => {
    await ctx.app?.stop();
    await ctx.smtp?.stop();
  });
  return ctx;
}

function drain(baseUrl: string, secret = CRON_SECRET): Promise<Reply> {
  return new Client(baseUrl).get("/api/cron/mail", { headers: { authorization: `Bearer ${secret}` } });
}

/** Calls the drain route (as a scheduler would) until the condition holds: retries wait out their backoff. */
async function drainUntil(baseUrls: string[], done: () => boolean, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let delivered = 0;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("the outbox did not deliver in time");
    const replies = await Promise.all(baseUrls.flatMap((url) => [drain(url), drain(url)]));
    for (const reply of replies) {
      expect(reply.status, reply.text).toBe(200);
      delivered += (reply.body as { delivered: number }).delivered;
    }
    await sleep(300);
  }
  return delivered;
}

async function forgot(baseUrl: string, email: string): Promise<Reply> {
  return new Client(baseUrl).post("/api/password/forgot", { email });
}

describe.each(backends())("mail on %s", (backend) => {
  const ctx = useMailApp(backend);

  describe("forgotten password", () => {
    it("answers a registered and an unregistered address alike, and mails only the registered one, once", async () => {
      const { email } = await signUp(ctx.app.baseUrl);
      await ctx.smtp.waitFor(email); // the verification link from sign-up
      const unknown = uniqueEmail("nobody");
      const registered = await forgot(ctx.app.baseUrl, email);
      const unregistered = await forgot(ctx.app.baseUrl, unknown);
      expect(registered.status).toBe(202);
      expect(registered.text).toBe("{}");
      expect(unregistered.status).toBe(registered.status);
      expect(unregistered.text).toBe(registered.text);
      expect(stableHeaders(unregistered)).toEqual(stableHeaders(registered));
      expect(addressQuota(registered)).toBeDefined();
      expect(addressQuota(unregistered)).toBe(addressQuota(registered));

      const mail = await ctx.smtp.waitFor(email, 2);
      expect(mail.subject).toBe("Reset your Trax password");
      expect(mail.html).toContain("<a href=");
      await sleep(500);
      expect(ctx.smtp.to(email)).toHaveLength(2);
      expect(ctx.smtp.to(unknown)).toHaveLength(0);
    });

    it("resets through the mailed link: every session and API token revoked, lockout lifted, sign-in with the new password", async () => {
      const { client, email } = await signUp(ctx.app.baseUrl);
      const other = await signInAgain(ctx.app.baseUrl, email, PASSWORD);
      const { token: apiToken } = await createToken(client);
      for (let i = 0; i < 3; i += 1) await new Client(ctx.app.baseUrl).post("/api/signin", { email, password: "a wrong password" });
      expectError(await new Client(ctx.app.baseUrl).post("/api/signin", { email, password: PASSWORD }), 429, "rate_limited");

      expect((await forgot(ctx.app.baseUrl, email)).status).toBe(202);
      const mail = await ctx.smtp.waitFor(email, 2);
      const link = linkIn(mail);
      expect(link.origin).toBe(ctx.app.baseUrl);
      expect(link.pathname).toBe("/reset-password");
      expect(link.search).toBe("");
      const reply = await new Client(ctx.app.baseUrl).post("/api/password/reset", { token: tokenIn(mail), password: NEW_PASSWORD });
      expect(reply.status, reply.text).toBe(204);

      for (const holder of [client, other]) expectError(await holder.get("/api/me"), 401, "unauthenticated");
      expectError(await new Client(ctx.app.baseUrl).get("/api/me", { bearer: apiToken }), 401, "unauthenticated");
      expectError(await new Client(ctx.app.baseUrl).post("/api/signin", { email, password: PASSWORD }), 401, "invalid_credentials");
      const fresh = await signInAgain(ctx.app.baseUrl, email, NEW_PASSWORD);
      const me = body<{ user: { emailVerified: boolean } }>(await fresh.get("/api/me"), 200).user;
      expectPublicUser(me);
      expect(me.emailVerified).toBe(true);
      expect((await ctx.smtp.waitFor(email, 3)).subject).toBe("Your Trax password was changed");
    });

    it("refuses a token that is expired, reused, tampered, of another kind or replaced, and lets one of two concurrent uses through", async () => {
      const { email } = await signUp(ctx.app.baseUrl);
      const verification = tokenIn(await ctx.smtp.waitFor(email));
      const reset = async (token: string, password = NEW_PASSWORD) => new Client(ctx.app.baseUrl).post("/api/password/reset", { token, password });

      await forgot(ctx.app.baseUrl, email);
      const replaced = tokenIn(await ctx.smtp.waitFor(email, 2));
      await forgot(ctx.app.baseUrl, email);
      const current = tokenIn(await ctx.smtp.waitFor(email, 3));
      expectError(await reset(replaced), 400, "invalid_token");
      expectError(await reset(verification), 400, "invalid_token");
      const tampered = `${current.slice(0, -1)}${current.endsWith("A") ? "B" : "A"}`;
      expectError(await reset(tampered), 400, "invalid_token");
      expectError(await reset("x".repeat(600)), 400, "validation_failed");
      expectError(await new Client(ctx.app.baseUrl).post("/api/email/verify", { token: current }), 400, "invalid_token");

      const both = await Promise.all([reset(current, "first concurrent password"), reset(current, "second concurrent password")]);
      expect(both.map((reply) => reply.status).sort()).toEqual([204, 400]);
      expectError(await reset(current), 400, "invalid_token");
      const winner = both[0]?.status === 204 ? "first concurrent password" : "second concurrent password";
      await signInAgain(ctx.app.baseUrl, email, winner);

      expect((await ctx.smtp.waitFor(email, 4)).subject).toBe("Your Trax password was changed");
      await forgot(ctx.app.baseUrl, email);
      const expiring = tokenIn(await ctx.smtp.waitFor(email, 5));
      await ctx.app.sql(`UPDATE "OneTimeToken" SET "expiresAt" = now() - interval '1 minute' WHERE "usedAt" IS NULL`);
      expectError(await reset(expiring), 400, "invalid_token");
    });

    it("keeps only hashes of tokens, and no readable link in the outbox", async () => {
      const { email } = await signUp(ctx.app.baseUrl);
      const token = tokenIn(await ctx.smtp.waitFor(email));
      const rows = await ctx.app.sql(
        `SELECT (SELECT json_agg(t) FROM "OneTimeToken" t) AS tokens, (SELECT json_agg(o) FROM "OutboxMail" o) AS outbox`,
      );
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(token);
      expect(dump).not.toContain("#token=");
    });
  });

  describe("verification", () => {
    it("mails a link on sign-up; following it verifies; a resend replaces the old link; nothing once verified", async () => {
      const { client, email, user } = await signUp(ctx.app.baseUrl);
      expect((user as unknown as { emailVerified: boolean }).emailVerified).toBe(false);
      const first = await ctx.smtp.waitFor(email);
      expect(first.subject).toBe("Confirm your email for Trax");
      expect(linkIn(first).pathname).toBe("/verify-email");

      expect((await client.post("/api/email/verification")).status).toBe(202);
      const second = await ctx.smtp.waitFor(email, 2);
      expectError(await new Client(ctx.app.baseUrl).post("/api/email/verify", { token: tokenIn(first) }), 400, "invalid_token");
      const verified = body<{ user: { emailVerified: boolean; id: string } }>(
        await new Client(ctx.app.baseUrl).post("/api/email/verify", { token: tokenIn(second) }),
        200,
      ).user;
      expect(verified).toMatchObject({ id: user.id, emailVerified: true });
      expect(body<{ user: { emailVerified: boolean } }>(await client.get("/api/me"), 200).user.emailVerified).toBe(true);

      expect((await client.post("/api/email/verification")).status).toBe(202);
      await sleep(500);
      expect(ctx.smtp.to(email)).toHaveLength(2);
      expectError(await new Client(ctx.app.baseUrl).post("/api/email/verification"), 401, "unauthenticated");
    });
  });

  describe("email change", () => {
    it("needs the password and a web session, mails the new address, tells the old, and changes only when followed", async () => {
      const { client, email, user } = await signUp(ctx.app.baseUrl);
      await ctx.smtp.waitFor(email);
      const next = uniqueEmail("moved");
      expectError(await client.post("/api/me/email", { email: next, password: "wrong password" }), 400, "validation_failed");
      const { token: apiToken } = await createToken(client);
      expectError(await new Client(ctx.app.baseUrl).post("/api/me/email", { email: next, password: PASSWORD }, { bearer: apiToken }), 403, "forbidden");

      expect((await client.post("/api/me/email", { email: next, password: PASSWORD })).status).toBe(202);
      const link = await ctx.smtp.waitFor(next);
      expect(link.subject).toBe("Confirm your new email for Trax");
      expect((await ctx.smtp.waitFor(email, 2)).subject).toBe("A change of your Trax email was requested");
      expect(body<{ user: { email: string } }>(await client.get("/api/me"), 200).user.email).toBe(email);

      const changed = body<{ user: { email: string; emailVerified: boolean } }>(
        await new Client(ctx.app.baseUrl).post("/api/email/verify", { token: tokenIn(link) }),
        200,
      ).user;
      expect(changed).toMatchObject({ id: user.id, email: next, emailVerified: true });
      expect((await ctx.smtp.waitFor(email, 3)).subject).toBe("Your Trax email was changed");
      await signInAgain(ctx.app.baseUrl, next, PASSWORD);
      expectError(await new Client(ctx.app.baseUrl).post("/api/email/verify", { token: tokenIn(link) }), 400, "invalid_token");
    });

    it("answers the same for an address another account has, and changes nothing", async () => {
      const owner = await signUp(ctx.app.baseUrl);
      const other = await signUp(ctx.app.baseUrl);
      await ctx.smtp.waitFor(other.email);
      expect((await owner.client.post("/api/me/email", { email: other.email, password: PASSWORD })).status).toBe(202);
      expect((await ctx.smtp.waitFor(other.email, 2)).subject).toBe("This address already has a Trax account");
      expect(body<{ user: { email: string } }>(await owner.client.get("/api/me"), 200).user.email).toBe(owner.email);
    });

    it("kills a verification link mailed to the old address, and another user's session changes nothing of theirs", async () => {
      const { client, email } = await signUp(ctx.app.baseUrl);
      const stale = tokenIn(await ctx.smtp.waitFor(email));
      const bystander = await signUp(ctx.app.baseUrl);
      const next = uniqueEmail("moved");
      await client.post("/api/me/email", { email: next, password: PASSWORD });
      const change = tokenIn(await ctx.smtp.waitFor(next));
      // Followed from someone else's signed-in browser: it changes the link's owner, never the follower.
      const followed = body<{ user: { email: string } }>(await bystander.client.post("/api/email/verify", { token: change }), 200);
      expect(followed.user.email).toBe(next);
      expect(body<{ user: { email: string } }>(await bystander.client.get("/api/me"), 200).user.email).toBe(bystander.email);
      expectError(await new Client(ctx.app.baseUrl).post("/api/email/verify", { token: stale }), 400, "invalid_token");
    });
  });

  it("tells the user by mail when their password changes", async () => {
    const { client, email } = await signUp(ctx.app.baseUrl);
    await ctx.smtp.waitFor(email);
    expect((await client.post("/api/me/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(204);
    const notice = await ctx.smtp.waitFor(email, 2);
    expect(notice.subject).toBe("Your Trax password was changed");
    expect(notice.text).not.toContain(NEW_PASSWORD);
  });

  it("escapes what users typed in mail HTML", async () => {
    const { client, email } = await signUp(ctx.app.baseUrl);
    await ctx.smtp.waitFor(email);
    // An address is the one user-typed value that reaches a template; the schema lets an apostrophe through.
    const odd = `o'neil+${uniqueEmail("x")}`;
    expect((await client.post("/api/me/email", { email: odd, password: PASSWORD })).status).toBe(202);
    const notice = await ctx.smtp.waitFor(email, 2);
    expect(notice.html).toContain("o&#39;neil+");
    expect(notice.html).not.toContain("o'neil+");
    expect(notice.text).toContain(odd);
  });

  describe("the drain route", () => {
    it("refuses callers without the scheduler's secret", async () => {
      expectError(await new Client(ctx.app.baseUrl).get("/api/cron/mail"), 401, "unauthenticated");
      expectError(await drain(ctx.app.baseUrl, "not-the-secret-at-all"), 401, "unauthenticated");
      const reply = await drain(ctx.app.baseUrl);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body).toMatchObject({ delivered: expect.any(Number), outbox: { queued: expect.any(Number), failed: expect.any(Number) } });
    });

    it("loses nothing while the mail server is down, and delivers once it is back", async () => {
      const { email } = await signUp(ctx.app.baseUrl);
      await ctx.smtp.waitFor(email);
      await ctx.smtp.stop();
      try {
        expect((await forgot(ctx.app.baseUrl, email)).status).toBe(202);
        await sleep(1500);
        const status = body<{ outbox: { queued: number } }>(await drain(ctx.app.baseUrl), 200);
        expect(status.outbox.queued).toBeGreaterThanOrEqual(1);
      } finally {
        await ctx.smtp.start();
      }
      await drainUntil([ctx.app.baseUrl], () => ctx.smtp.to(email).length >= 2);
      expect((await ctx.smtp.waitFor(email, 2)).subject).toBe("Reset your Trax password");
      await sleep(500);
      expect(ctx.smtp.to(email)).toHaveLength(2);
    });
  });

  describe("with REQUIRE_VERIFIED_EMAIL", () => {
    beforeAll(async () => ctx.app.restart({ REQUIRE_VERIFIED_EMAIL: "true" }));
    afterAll(async () => ctx.app.restart({ REQUIRE_VERIFIED_EMAIL: "false" }));

    it("answers sign-up alike for a new and a registered address, with no cookie; the owner gets a notice", async () => {
      const fresh = uniqueEmail("quiet");
      const first = await new Client(ctx.app.baseUrl).post("/api/signup", { email: fresh, password: PASSWORD });
      const again = await new Client(ctx.app.baseUrl).post("/api/signup", { email: fresh, password: "another password" });
      for (const reply of [first, again]) {
        expect(reply.status).toBe(202);
        expect(reply.text).toBe("{}");
        expect(reply.headers.get("set-cookie")).toBeNull();
      }
      expect(stableHeaders(again)).toEqual(stableHeaders(first));
      const verification = await ctx.smtp.waitFor(fresh);
      expect(verification.subject).toBe("Confirm your email for Trax");
      expect((await ctx.smtp.waitFor(fresh, 2)).subject).toBe("You already have a Trax account");

      expectError(await new Client(ctx.app.baseUrl).post("/api/signin", { email: fresh, password: "wrong password" }), 401, "invalid_credentials");
      expectError(await new Client(ctx.app.baseUrl).post("/api/signin", { email: fresh, password: PASSWORD }), 403, "email_unverified");
      expect((await new Client(ctx.app.baseUrl).post("/api/email/verify", { token: tokenIn(verification) })).status).toBe(200);
      await signInAgain(ctx.app.baseUrl, fresh, PASSWORD);
    });
  });
});

describe.each(serverBackends())("outbox with two instances on %s", (backend) => {
  const ctx = useMailApp(backend);

  it("delivers each queued mail exactly once when both drain at the same time after an outage", async () => {
    const second = await startServer(ctx.app);
    try {
      const users = await Promise.all([1, 2, 3].map(() => signUp(ctx.app.baseUrl)));
      for (const { email } of users) await ctx.smtp.waitFor(email);
      await ctx.smtp.stop();
      try {
        for (const [index, { email }] of users.entries()) {
          expect((await forgot(index % 2 ? second.baseUrl : ctx.app.baseUrl, email)).status).toBe(202);
        }
        await sleep(500);
      } finally {
        await ctx.smtp.start();
      }
      const delivered = await drainUntil([ctx.app.baseUrl, second.baseUrl], () => users.every(({ email }) => ctx.smtp.to(email).length >= 2));
      await sleep(1000);
      for (const { email } of users) expect(ctx.smtp.to(email)).toHaveLength(2);
      expect(delivered).toBeLessThanOrEqual(users.length);
      const [left] = await ctx.app.sql(`SELECT count(*)::int AS n FROM "OutboxMail" WHERE "sentAt" IS NULL`);
      expect(left?.n).toBe(0);
    } finally {
      await second.stop();
    }
  });
});

