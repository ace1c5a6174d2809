import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { scrubMessage } from "@/lib/platform/log";
import { createToken, listSessions, signInAgain } from "./support/api";
import { useApp, type TestApp } from "./support/app";
import { backends } from "./support/backends";
import { Client, PASSWORD, signUp, uniqueEmail, type Reply } from "./support/client";
import { expectError } from "./support/contract";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type LogLine = Record<string, unknown>;

/** The server's JSON log lines so far. */
function logLines(app: TestApp): LogLine[] {
  return app
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Waits a moment for the server's output to reach us, then its lines naming this request id. */
async function linesOf(app: TestApp, requestId: string): Promise<LogLine[]> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return logLines(app).filter((line) => line.requestId === requestId);
}

describe.each(backends())("X-Request-Id on %s", (backend) => {
  const app = useApp(backend);

  async function requestId(path: string, headers: HeadersInit = {}, method = "GET"): Promise<string | null> {
    const response = await fetch(`${app.baseUrl}${path}`, { method, headers, redirect: "manual" });
    await response.arrayBuffer();
    return response.headers.get("x-request-id");
  }

  it.each(["iad1::abcde-1700000000000-0123456789ab", randomUUID(), "a", "x".repeat(128), "A.b_c:d-9"])("keeps the caller's well-formed id %s", async (id) => {
    expect(await requestId("/api/health", { "x-request-id": id })).toBe(id);
  });

  it.each(["", "x".repeat(129), "has space", "semi;colon", 'quo"te', "a,b", "<script>", "caf\u00e9", "tab\there"])(
    "replaces a malformed id %j with a fresh one",
    async (id) => {
      expect(await requestId("/api/health", { "x-request-id": id })).toMatch(UUID);
    },
  );

  it("replaces an id sent twice (joined, it is no longer well-formed)", async () => {
    const headers = new Headers();
    headers.append("x-request-id", "first");
    headers.append("x-request-id", "second");
    expect(await requestId("/api/health", headers)).toMatch(UUID);
  });

  it("takes Vercel's x-vercel-id when the caller sends no id of its own", async () => {
    const vercelId = "fra1::iad1::8m5p9-1700000000000-abcdef123456";
    expect(await requestId("/api/health", { "x-vercel-id": vercelId })).toBe(vercelId);
    expect(await requestId("/api/health", { "x-vercel-id": vercelId, "x-request-id": "mine" })).toBe("mine");
  });

  it("names every answer: successes, errors, 404s, 405s and server-rendered pages, each its own", async () => {
    const ids = [
      await requestId("/api/health"),
      await requestId("/api/me"),
      await requestId("/api/no-such-route"),
      await requestId("/api/health", {}, "DELETE"),
      await requestId("/api/signin", { "content-type": "text/plain" }, "POST"),
      await requestId("/"),
      await requestId("/signin"),
    ];
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names the same id in the server's log line for that request", async () => {
    const id = `trace-${randomUUID()}`;
    expect(await requestId("/api/me", { "x-request-id": id })).toBe(id);
    const lines = await linesOf(app, id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ requestId: id, route: "/api/me", status: 401, code: "unauthenticated" });
  });
});

describe("scrubbing an error message for the log", () => {
  const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

  it.each([
    [`invalid token ${jwt} in query`, "invalid token [jwt] in query"],
    ["header was Bearer abc.def-ghi", "header was Bearer [redacted]"],
    ["connect to postgres://app:s3cr3t@db.internal:5432/trax failed", "connect to postgres://[redacted]@db.internal:5432/trax failed"],
    ["hash $2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234 stored", "hash [hash] stored"],
    ["bad row (password=hunter2, secret: 'x y', \"token\":\"t0k\")", "bad row (password=[redacted], secret: [redacted], \"token\":[redacted])"],
    ["password authentication failed for user \"app\"", "password authentication failed for user \"app\""],
    ["first line\nSELECT * FROM \"User\" WHERE email = 'a@b.c'", "first line"],
  ])("%j → %j", (message, expected) => {
    expect(scrubMessage(message)).toBe(expected);
  });

  it("cuts a long message to 300 characters", () => {
    expect(scrubMessage("x".repeat(1000))).toBe(`${"x".repeat(300)}…`);
  });
});

describe.each(backends())("a 5xx log line on %s", (backend) => {
  const app = useApp(backend, { DB_CONNECT_TIMEOUT_MS: "1000", DB_QUERY_TIMEOUT_MS: "2000" });

  it("carries its cause (class, SQLSTATE, the database's message), and no password, token or cookie", async () => {
    const { client, email } = await signUp(app.baseUrl);
    const { token } = await createToken(client);
    const cookie = client.cookieHeader();
    // Every new session fails as a terminated connection would (SQLSTATE 57P01 → 503),
    // with a message that quotes something secret-looking.
    await app.sql(`CREATE FUNCTION trax_test_outage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated outage (password=hunter2-in-a-message)' USING ERRCODE = 'admin_shutdown'; END $$`);
    await app.sql(`CREATE TRIGGER trax_test_outage BEFORE INSERT ON "Session" FOR EACH ROW EXECUTE FUNCTION trax_test_outage()`);
    const secretPassword = `pw-${randomUUID()}`;
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const anonymous = new Client(app.baseUrl);
    try {
      const headers = (id: string) => ({ "x-request-id": id, authorization: `Bearer ${token}`, cookie });
      expectError(await anonymous.post("/api/signup", { email: uniqueEmail("down"), password: secretPassword }, { headers: headers(ids[0] ?? "") }), 503, "unavailable");
      expectError(await anonymous.post("/api/signin", { email, password: PASSWORD }, { headers: headers(ids[1] ?? "") }), 503, "unavailable");
      // Creating a token takes a web session: the cookie alone (a Bearer token would be refused first).
      const { authorization: _bearer, ...cookieOnly } = headers(ids[2] ?? "");
      expectError(await anonymous.post("/api/tokens", { name: "during the outage" }, { headers: cookieOnly }), 503, "unavailable");
    } finally {
      await app.sql(`DROP TRIGGER trax_test_outage ON "Session"`);
    }
    for (const id of ids) {
      const [line, ...others] = await linesOf(app, id);
      expect(others).toEqual([]);
      expect(line).toMatchObject({ level: "error", status: 503, code: "unavailable" });
      expect(line?.cause).toMatchObject({ kind: "postgres", sqlstate: "57P01", message: "simulated outage (password=[redacted])" });
      expect((line?.cause as { name: string }).name).toMatch(/^(DriverAdapterError|PrismaClient\w+)$/);
    }
    const output = app.output();
    for (const secret of [secretPassword, PASSWORD, token, token.split(".")[2] ?? token, cookie, "hunter2-in-a-message"]) {
      expect(output).not.toContain(secret);
    }
  });
});

/** Sends a request under a fresh X-Request-Id; returns the reply and the id. */
async function traced(client: Client, method: string, path: string, json?: unknown): Promise<{ id: string; reply: Reply }> {
  const id = randomUUID();
  const reply = await client.request(method, path, { headers: { "x-request-id": id }, ...(json !== undefined && { json }) });
  return { id, reply };
}

/** The one security line of a request, checked for what every such line carries. */
async function securityLine(app: TestApp, id: string, event: string, route: string): Promise<LogLine> {
  const lines = (await linesOf(app, id)).filter((line) => line.category === "security");
  expect(lines.map((line) => line.event), `${event} for ${route}`).toEqual([event]);
  const [line = {}] = lines;
  expect(line).toMatchObject({ requestId: id, route, ip: "127.0.0.1" });
  expect(line.level).toMatch(/^(warn|info)$/);
  return line;
}

function securityLines(app: TestApp): LogLine[] {
  return logLines(app).filter((line) => line.category === "security");
}

describe.each(backends())("security events on %s", (backend) => {
  const app = useApp(backend);

  it("logs each account event with its request id, client IP and keyed references, never the email or id", async () => {
    const { client, user, email } = await signUp(app.baseUrl);
    const other = await signUp(app.baseUrl);
    const anonymous = new Client(app.baseUrl);
    const NEW_PASSWORD = "another good password";
    const expectEvent = async (call: Promise<{ id: string; reply: Reply }>, status: number, event: string, route: string) => {
      const { id, reply } = await call;
      expect(reply.status, reply.text).toBe(status);
      return securityLine(app, id, event, route);
    };

    const wrong = await expectEvent(traced(anonymous, "POST", "/api/signin", { email, password: "wrong password" }), 401, "signin_failed", "/api/signin");
    const account = String(wrong.account);
    expect(account).toMatch(/^[\w-]{22}$/);
    expect(wrong.login).toMatch(/^[\w-]{22}$/);
    const unknown = await expectEvent(traced(anonymous, "POST", "/api/signin", { email: uniqueEmail("nobody"), password: PASSWORD }), 401, "signin_failed", "/api/signin");
    expect(unknown.account).toBeUndefined();
    expect(unknown.login).toMatch(/^[\w-]{22}$/);
    expect(unknown.login).not.toBe(wrong.login);
    const otherWrong = await expectEvent(traced(anonymous, "POST", "/api/signin", { email: other.email, password: "wrong password" }), 401, "signin_failed", "/api/signin");
    expect(otherWrong.account).not.toBe(account);

    const created = await traced(client, "POST", "/api/tokens", { name: "script" });
    const tokenSession = (created.reply.body as { session: { id: string } }).session.id;
    expect(await securityLine(app, created.id, "token_created", "/api/tokens")).toMatchObject({ account, expiresInDays: 90 });
    expect(await expectEvent(traced(client, "DELETE", `/api/sessions/${tokenSession}`), 204, "token_revoked", `/api/sessions/${tokenSession}`)).toMatchObject({ account });
    const elsewhere = await signInAgain(app.baseUrl, email, PASSWORD);
    const elsewhereId = (await listSessions(elsewhere)).find((session) => session.current)?.id ?? "";
    expect(await expectEvent(traced(client, "DELETE", `/api/sessions/${elsewhereId}`), 204, "session_revoked", `/api/sessions/${elsewhereId}`)).toMatchObject({ account });

    await signInAgain(app.baseUrl, email, PASSWORD);
    const change = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD };
    expect(await expectEvent(traced(client, "POST", "/api/me/password", { ...change, currentPassword: "nope" }), 400, "reauth_failed", "/api/me/password")).toMatchObject({ account });
    expect(await expectEvent(traced(client, "POST", "/api/me/password", change), 204, "password_changed", "/api/me/password")).toMatchObject({ account, revokedSessions: 1 });
    await signInAgain(app.baseUrl, email, NEW_PASSWORD);
    expect(await expectEvent(traced(client, "DELETE", "/api/sessions"), 204, "other_sessions_revoked", "/api/sessions")).toMatchObject({ account });
    const leaving = await signInAgain(app.baseUrl, email, NEW_PASSWORD);
    expect(await expectEvent(traced(leaving, "POST", "/api/signout"), 204, "signed_out", "/api/signout")).toMatchObject({ account });
    expect(await expectEvent(traced(client, "DELETE", "/api/me", { password: NEW_PASSWORD }), 204, "account_deleted", "/api/me")).toMatchObject({ account });

    const text = JSON.stringify(securityLines(app));
    for (const clear of [email, user.id, other.email, other.user.id, email.split("@")[0] ?? email]) expect(text).not.toContain(clear);
  });
});

describe.each(backends())("rate-limit events on %s", (backend) => {
  const app = useApp(backend, { SIGNIN_MAX_FAILURES_PER_ACCOUNT: "2", SIGNIN_MAX_ATTEMPTS_PER_IP: "5", SIGNUP_MAX_PER_IP: "2" });

  it("logs the refusal that hits a sign-in or sign-up limit, once per window, per account and per IP", async () => {
    const { email, user } = await signUp(app.baseUrl);
    const anonymous = new Client(app.baseUrl);
    const attempt = (who: string) => traced(anonymous, "POST", "/api/signin", { email: who, password: "wrong password" });
    const failed = await attempt(email);
    const { login } = await securityLine(app, failed.id, "signin_failed", "/api/signin");
    await attempt(email);
    const locked = await attempt(email);
    expectError(locked.reply, 429, "rate_limited");
    expect(await securityLine(app, locked.id, "signin_rate_limited", "/api/signin")).toMatchObject({ level: "warn", limit: "account", login });
    const again = await attempt(email);
    expectError(again.reply, 429, "rate_limited");
    expect(await linesOf(app, again.id)).toEqual([expect.objectContaining({ status: 429 })]);

    expect((await attempt(uniqueEmail("spray"))).reply.status).toBe(401);
    const ipLocked = await attempt(uniqueEmail("spray"));
    expectError(ipLocked.reply, 429, "rate_limited");
    expect(await securityLine(app, ipLocked.id, "signin_rate_limited", "/api/signin")).toMatchObject({ limit: "ip" });
    expect((await linesOf(app, (await attempt(uniqueEmail("spray"))).id)).filter((line) => line.category === "security")).toEqual([]);

    expect((await traced(anonymous, "POST", "/api/signup", { email: uniqueEmail("second"), password: PASSWORD })).reply.status).toBe(201);
    const newcomer = uniqueEmail("third");
    const refused = await traced(new Client(app.baseUrl), "POST", "/api/signup", { email: newcomer, password: PASSWORD });
    expectError(refused.reply, 429, "rate_limited");
    expect(await securityLine(app, refused.id, "signup_rate_limited", "/api/signup")).toMatchObject({ limit: "ip", login: expect.stringMatching(/^[\w-]{22}$/) });

    const text = JSON.stringify(securityLines(app));
    for (const clear of [email, user.id, newcomer]) expect(text).not.toContain(clear);
  });
});
