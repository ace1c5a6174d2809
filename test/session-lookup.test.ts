import { describe, expect, it } from "vitest";
import { useApp, type TestApp } from "./support/app";
import { signInAgain } from "./support/api";
import { serverBackends } from "./support/backends";
import { Client, signUp } from "./support/client";
import { expectError } from "./support/contract";

const REQUESTS = 120;

/** Several users, each signed in a few times, asking /api/me at once: the pool's connections all serve the lookup. */
async function burstOfMe(app: TestApp): Promise<{ statuses: number[]; ids: boolean }> {
  const users = await Promise.all([0, 1, 2].map(() => signUp(app.baseUrl)));
  const clients: { client: Client; id: string }[] = [];
  for (const { email, password, user } of users) {
    for (let i = 0; i < 3; i++) clients.push({ client: await signInAgain(app.baseUrl, email, password), id: user.id });
  }
  const replies = await Promise.all(
    Array.from({ length: REQUESTS }, async (_, i) => {
      const { client, id } = clients[i % clients.length]!;
      const reply = await client.get("/api/me");
      return { status: reply.status, own: (reply.body as { user?: { id?: string } }).user?.id === id };
    }),
  );
  return { statuses: replies.map((r) => r.status), ids: replies.every((r) => r.own) };
}

const warnings = (app: TestApp) => app.output().match(/"event":"prepared_statements_off"/g)?.length ?? 0;

describe.each(serverBackends())("the per-request session lookup on %s", (backend) => {
  const app = useApp(backend, { DB_POOL_SIZE: "3" });

  it("answers every concurrent request with the caller's own user, and revokes at once", async () => {
    const { statuses, ids } = await burstOfMe(app);
    expect(statuses).toEqual(Array(REQUESTS).fill(200));
    expect(ids).toBe(true);
    const { client } = await signUp(app.baseUrl);
    const token = client.token() ?? "";
    expect((await client.post("/api/signout")).status).toBe(204);
    expectError(await new Client(app.baseUrl).get("/api/me", { bearer: token }), 401, "unauthenticated");
  });

  // Postgres keeps named statements per connection; PgBouncer 1.18 in transaction mode
  // cannot, and its first refusal switches the process to unnamed ones, once.
  it(backend === "pgbouncer" ? "falls back to unnamed statements at most once, failing no request" : "keeps its named statement", () => {
    expect(warnings(app)).toBeLessThanOrEqual(backend === "pgbouncer" ? 1 : 0);
    expect(app.output()).not.toMatch(/"status":5\d\d/);
  });
});

describe.runIf(serverBackends().includes("pgbouncer"))("the session lookup with DB_PREPARED_STATEMENTS=false", () => {
  const app = useApp("pgbouncer", { DB_PREPARED_STATEMENTS: "false" });

  it("never names a statement, and serves every request", async () => {
    const { statuses } = await burstOfMe(app);
    expect(statuses).toEqual(Array(REQUESTS).fill(200));
    expect(warnings(app)).toBe(0);
  });
});
