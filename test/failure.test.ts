import { connect, createServer, type AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { startApp, type TestApp, useApp } from "./support/app";
import { backends, serverBackends } from "./support/backends";
import { Client, PASSWORD, signUp, uniqueEmail } from "./support/client";
import { POSTGRES_ADMIN_URL } from "./support/constants";
import { expectError } from "./support/contract";
import { createPostgresDatabase, dropPostgresDatabase, withPostgres, type Row } from "./support/databases";
import { waitFor } from "./support/processes";
import { listeningPortsOfProcessOn, ss } from "./support/sockets";

// Short bounds so an outage is answered, and noticed by the tests, quickly.
const TIMEOUTS = { DB_CONNECT_TIMEOUT_MS: "1000", DB_QUERY_TIMEOUT_MS: "2000" };

async function countUsers(app: TestApp, email: string): Promise<number> {
  const rows = await app.sql(`SELECT count(*)::int AS n FROM "User" WHERE email = $1`, [email]);
  return Number(rows[0]?.n);
}

describe.each(backends())("a write that fails halfway on %s", (backend) => {
  const app = useApp(backend, TIMEOUTS);

  it("rolls the new user back when its session cannot be written, and answers 503", async () => {
    // The connection "dies" (admin_shutdown, SQLSTATE 57P01) exactly between sign-up's two inserts.
    await app.sql(`CREATE FUNCTION trax_test_outage() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated outage' USING ERRCODE = 'admin_shutdown'; END $$`);
    await app.sql(`CREATE TRIGGER trax_test_outage BEFORE INSERT ON "Session" FOR EACH ROW EXECUTE FUNCTION trax_test_outage()`);
    const email = uniqueEmail("half");
    const reply = await new Client(app.baseUrl).post("/api/signup", { email, password: PASSWORD });
    expectError(reply, 503, "unavailable");
    expect(reply.headers.getSetCookie()).toEqual([]);
    await app.sql(`DROP TRIGGER trax_test_outage ON "Session"`);
    expect(await countUsers(app, email)).toBe(0);
    expect((await new Client(app.baseUrl).post("/api/signup", { email, password: PASSWORD })).status).toBe(201);
  });
});

async function waitingOnLocks(app: TestApp, database: string): Promise<number> {
  const rows = await admin(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [database]);
  return Number((rows as { rows: Row[] }).rows[0]?.n);
}

describe.each(serverBackends())("statement and idle-transaction bounds on %s", (backend) => {
  const app = useApp(backend, TIMEOUTS);
  const databaseOf = () => new URL(app.env().DATABASE_URL ?? "").pathname.slice(1);

  it("has the server cancel a statement stuck past DB_QUERY_TIMEOUT_MS, and answers 503", async () => {
    const { client } = await signUp(app.baseUrl);
    const locker = new pg.Client({ connectionString: app.env().DIRECT_DATABASE_URL ?? app.env().DATABASE_URL });
    await locker.connect();
    try {
      await locker.query(`BEGIN; LOCK TABLE "Session" IN ACCESS EXCLUSIVE MODE`);
      expectError(await client.get("/api/me"), 503, "unavailable");
      // Cancelled by Postgres itself, not merely abandoned by the client: nothing is left waiting.
      await waitFor(async () => (await waitingOnLocks(app, databaseOf())) === 0, "the blocked statement to be cancelled", 3000);
    } finally {
      await locker.end();
    }
    expect((await client.get("/api/me")).status).toBe(200);
  });

  it("ends a transaction left idle, on the same connection path the app uses", async () => {
    const idle = new pg.Client({ connectionString: app.env().DATABASE_URL });
    idle.on("error", () => {});
    await idle.connect();
    try {
      await idle.query("BEGIN");
      await idle.query("SELECT 1");
      await new Promise((resolve) => setTimeout(resolve, 2 * Number(TIMEOUTS.DB_QUERY_TIMEOUT_MS) + 1500));
      await expect(idle.query("SELECT 1")).rejects.toThrow();
    } finally {
      await idle.end().catch(() => {});
    }
  });
});

/** What a signed-in client and strangers meet while the database is away: 503 everywhere, no cookie. */
async function expectOutageAnswers(client: Client, email: string, lostEmail: string): Promise<void> {
  expectError(await client.get("/api/health"), 503, "unavailable");
  expectError(await client.get("/api/me"), 503, "unavailable");
  const signUp = await new Client(client.baseUrl).post("/api/signup", { email: lostEmail, password: PASSWORD });
  expectError(signUp, 503, "unavailable");
  expect(signUp.headers.getSetCookie()).toEqual([]);
  expectError(await new Client(client.baseUrl).post("/api/signin", { email, password: PASSWORD }), 503, "unavailable");
}

function admin(text: string, params: unknown[] = []): Promise<unknown> {
  return withPostgres(POSTGRES_ADMIN_URL, (client) => client.query(text, params));
}

describe.each(serverBackends())("Postgres going away mid-run (%s)", (backend) => {
  let app: TestApp;
  let database: string;
  beforeAll(async () => {
    app = await startApp(backend, TIMEOUTS);
    database = new URL(app.env().DATABASE_URL ?? "").pathname.slice(1);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("answers 503 while connections are cut and refused, loses nothing, and recovers", async () => {
    const { client, email } = await signUp(app.baseUrl);
    const lostEmail = uniqueEmail("lost");
    const quoted = `"${database.replaceAll('"', '""')}"`;
    await admin(`ALTER DATABASE ${quoted} ALLOW_CONNECTIONS false`);
    try {
      await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);
      await expectOutageAnswers(client, email, lostEmail);
    } finally {
      await admin(`ALTER DATABASE ${quoted} ALLOW_CONNECTIONS true`);
    }
    await waitFor(async () => (await client.get("/api/health")).status === 200, "recovery");
    expect((await client.get("/api/me")).status).toBe(200);
    expect(await countUsers(app, lostEmail)).toBe(0);
    expect((await new Client(app.baseUrl).post("/api/signin", { email, password: PASSWORD })).status).toBe(200);
    expect(app.output()).not.toMatch(/"status":500/);
  });

  it("answers 503 when its database is dropped, and serves again once it is restored", async () => {
    const { client, email } = await signUp(app.baseUrl);
    await dropPostgresDatabase(database);
    await expectOutageAnswers(client, email, uniqueEmail("lost"));
    await createPostgresDatabase(database, inject("postgresTemplate"));
    await waitFor(async () => (await client.get("/api/health")).status === 200, "recovery");
    expectError(await client.get("/api/me"), 401, "unauthenticated");
    expect((await signUp(app.baseUrl, email)).user.email).toBe(email);
    expect(app.output()).not.toMatch(/"status":500/);
  });
});

/** Kernel socket destruction (`ss -K`) needs CAP_NET_ADMIN and INET_DIAG_DESTROY: tried on a listener of our own. */
async function canDestroySockets(): Promise<boolean> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    ss(["-K", "-t", "state", "listening", `sport = :${port}`]);
    return await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => resolve(false)).on("error", () => resolve(true));
      socket.unref();
    });
  } catch {
    return false;
  } finally {
    server.close();
  }
}

const socketsCanBeCut = await canDestroySockets();

// Outside CI a machine without CAP_NET_ADMIN skips the PGlite outage below; CI must run it.
it.runIf(Boolean(process.env.CI))("can cut loopback sockets, which the PGlite outage test needs", () => {
  expect(socketsCanBeCut).toBe(true);
});

/**
 * PGlite lives inside the app's process, served to its own pg pool on a
 * loopback socket. The only honest way to take it away from outside, without
 * a test hook in shipped code, is to destroy that socket server's listener
 * and its connections in the kernel: the app then meets the same ECONNRESET /
 * ECONNREFUSED as with a Postgres that went away. It "returns" when the
 * process restarts and reopens its data directory.
 */
describe.runIf(backends().includes("pglite") && socketsCanBeCut)("embedded PGlite closed mid-run", () => {
  const app = useApp("pglite", TIMEOUTS);

  it("answers 503 once its database socket is gone, loses nothing, and recovers on restart", async () => {
    const { client, email } = await signUp(app.baseUrl);
    const [embeddedPort, ...others] = listeningPortsOfProcessOn(Number(new URL(app.baseUrl).port));
    expect(others).toEqual([]);
    ss(["-K", "-t", "state", "listening", `sport = :${embeddedPort}`]);
    ss(["-K", "-t", `( sport = :${embeddedPort} or dport = :${embeddedPort} )`]);
    const lostEmail = uniqueEmail("lost");
    await expectOutageAnswers(client, email, lostEmail);
    expect(app.output()).not.toMatch(/"status":500/);
    await app.restart();
    expect((await client.get("/api/me")).status).toBe(200);
    expect(await countUsers(app, lostEmail)).toBe(0);
    expect((await new Client(app.baseUrl).post("/api/signin", { email, password: PASSWORD })).status).toBe(200);
  });
});
