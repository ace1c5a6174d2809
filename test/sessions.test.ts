import { describe, expect, it } from "vitest";
import { useApp } from "./support/app";
import { body, createToken, dumpUserRows, listSessions, signInAgain } from "./support/api";
import { backends } from "./support/backends";
import { Client, PASSWORD, signUp } from "./support/client";
import { expectError } from "./support/contract";
import { decodePayload } from "./support/tokens";

const DAY_MS = 24 * 60 * 60 * 1000;
const sessionIdOf = (client: Client) => (decodePayload(client.token() ?? "") as { sid: string }).sid;

describe.each(backends())("sessions on %s", (backend) => {
  const app = useApp(backend);

  it("lists the live sessions and tokens, marking the current one, without revoked or expired ones", async () => {
    const { client, email, password } = await signUp(app.baseUrl);
    const laptop = await signInAgain(app.baseUrl, email, password);
    const phone = await signInAgain(app.baseUrl, email, password);
    const { session: token } = await createToken(client, "backup script");

    const sessions = await listSessions(client);
    expect(sessions.map((s) => s.id).sort()).toEqual([sessionIdOf(client), sessionIdOf(laptop), sessionIdOf(phone), token.id].sort());
    expect(sessions.filter((s) => s.current).map((s) => s.id)).toEqual([sessionIdOf(client)]);
    expect(sessions.find((s) => s.id === token.id)).toMatchObject({ kind: "api", name: "backup script", current: false });
    // How each was opened: a password for the web sessions, nothing for a token.
    expect(sessions.find((s) => s.id === token.id)?.method).toBeNull();
    expect(sessions.filter((s) => s.kind === "web").map((s) => s.method)).toEqual(["password", "password", "password"]);
    for (const session of sessions) {
      expect(Object.keys(session).sort()).toEqual(["createdAt", "current", "device", "expiresAt", "id", "kind", "lastUsedAt", "method", "name", "scope"]);
    }

    expect((await client.request("DELETE", `/api/sessions/${sessionIdOf(laptop)}`)).status).toBe(204);
    await app.sql(`UPDATE "Session" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [sessionIdOf(phone)]);
    const live = await listSessions(client);
    expect(live.map((s) => s.id).sort()).toEqual([sessionIdOf(client), token.id].sort());
  });

  it("revokes one session at once; revoking the current one signs out and clears the cookie", async () => {
    const { client, email, password } = await signUp(app.baseUrl);
    const other = await signInAgain(app.baseUrl, email, password);
    const otherToken = other.token() ?? "";
    const otherId = sessionIdOf(other);
    expect((await client.request("DELETE", `/api/sessions/${otherId}`)).status).toBe(204);
    expectError(await other.get("/api/me"), 401, "unauthenticated");
    expectError(await new Client(app.baseUrl).get("/api/me", { bearer: otherToken }), 401, "unauthenticated");
    expectError(await client.request("DELETE", `/api/sessions/${otherId}`), 404, "not_found");

    const ownToken = client.token() ?? "";
    const self = await client.request("DELETE", `/api/sessions/${sessionIdOf(client)}`);
    expect(self.status).toBe(204);
    expect(self.headers.getSetCookie().join()).toMatch(/__Host-trax_session=;.*Expires=Thu, 01 Jan 1970/i);
    expectError(await new Client(app.baseUrl).get("/api/me", { bearer: ownToken }), 401, "unauthenticated");
  });

  it("signs out everywhere else: exactly the current session stays alive", async () => {
    const { client, email, password } = await signUp(app.baseUrl);
    const others = [await signInAgain(app.baseUrl, email, password), await signInAgain(app.baseUrl, email, password)];
    const { token } = await createToken(client);
    expect((await client.request("DELETE", "/api/sessions")).status).toBe(204);
    const sessions = await listSessions(client);
    expect(sessions.map((s) => [s.id, s.current])).toEqual([[sessionIdOf(client), true]]);
    for (const other of others) expectError(await other.get("/api/me"), 401, "unauthenticated");
    expectError(await new Client(app.baseUrl).get("/api/me", { bearer: token }), 401, "unauthenticated");
    expect((await client.get("/api/me")).status).toBe(200);
  });

  it("lets another user revoke nothing: 404, and the owner's rows are byte-for-byte unchanged", async () => {
    const owner = await signUp(app.baseUrl);
    const { session: ownerToken } = await createToken(owner.client, "owner's token");
    const intruder = await signUp(app.baseUrl);
    const { token: intruderToken } = await createToken(intruder.client);
    const viewBefore = (await owner.client.get("/api/sessions")).text;
    const rowsBefore = await dumpUserRows(app, owner.user.id);

    for (const target of [sessionIdOf(owner.client), ownerToken.id]) {
      expectError(await intruder.client.request("DELETE", `/api/sessions/${target}`), 404, "not_found");
      // A token may revoke only itself: any other id is refused before it is looked up.
      const byToken = await intruder.client.request("DELETE", `/api/sessions/${target}`, { bearer: intruderToken, noCookies: true });
      expectError(byToken, 403, "forbidden");
    }
    expect((await intruder.client.request("DELETE", "/api/sessions")).status).toBe(204);
    const theirs = await listSessions(intruder.client);
    expect(theirs.map((s) => s.id)).toEqual([sessionIdOf(intruder.client)]);

    expect(await dumpUserRows(app, owner.user.id)).toBe(rowsBefore);
    expect((await owner.client.get("/api/sessions")).text).toBe(viewBefore);
  });

  it("slides a web session after half its life and re-issues the cookie; an API token never slides", async () => {
    const { client } = await signUp(app.baseUrl);
    const { token, session: apiSession } = await createToken(client, "cron", 30);
    const webId = sessionIdOf(client);
    // A fresh session is used without sliding: no new cookie.
    expect((await client.get("/api/me")).headers.getSetCookie()).toEqual([]);
    await app.sql(
      `UPDATE "Session" SET "expiresAt" = now() + interval '10 days', "lastUsedAt" = now() - interval '5 minutes' WHERE id = ANY($1)`,
      [[webId, apiSession.id]],
    );
    const before = Date.now();

    const byToken = await new Client(app.baseUrl).get("/api/me", { bearer: token });
    expect(byToken.status).toBe(200);
    expect(byToken.headers.getSetCookie()).toEqual([]);

    const byCookie = await client.get("/api/me");
    expect(byCookie.status).toBe(200);
    expect(byCookie.headers.getSetCookie().join()).toMatch(/^__Host-trax_session=[\w-]+\.[\w-]+\.[\w-]+;/);
    const renewedExp = (decodePayload(client.token() ?? "") as { exp: number }).exp * 1000;
    expect(renewedExp).toBeGreaterThan(before + 29 * DAY_MS);

    const sessions = await listSessions(client);
    const web = sessions.find((s) => s.id === webId);
    const api = sessions.find((s) => s.id === apiSession.id);
    expect(new Date(web?.expiresAt ?? 0).getTime()).toBeGreaterThan(before + 29 * DAY_MS);
    expect(new Date(api?.expiresAt ?? 0).getTime()).toBeLessThan(before + 11 * DAY_MS);
    // Both were used just now, so both lastUsedAt moved forward from five minutes ago.
    expect(new Date(web?.lastUsedAt ?? 0).getTime()).toBeGreaterThan(before - 60_000);
    expect(new Date(api?.lastUsedAt ?? 0).getTime()).toBeGreaterThan(before - 60_000);
  });

  it("keeps lastUsedAt to the minute: requests within a minute write nothing", async () => {
    const { client } = await signUp(app.baseUrl);
    await app.sql(`UPDATE "Session" SET "lastUsedAt" = now() - interval '2 minutes' WHERE id = $1`, [sessionIdOf(client)]);
    const first = (await listSessions(client))[0]?.lastUsedAt;
    expect(new Date(first ?? 0).getTime()).toBeGreaterThan(Date.now() - 60_000);
    for (let i = 0; i < 3; i++) expect((await client.get("/api/me")).status).toBe(200);
    expect((await listSessions(client))[0]?.lastUsedAt).toBe(first);
  });

  it("answers 400, 401, 403 and 405 in the contract's shape", async () => {
    const { client } = await signUp(app.baseUrl);
    expectError(await client.request("DELETE", `/api/sessions/${"x".repeat(65)}`), 400, "validation_failed");
    expectError(await client.request("DELETE", "/api/sessions/no-such-session"), 404, "not_found");
    const post = await client.post("/api/sessions", {});
    expectError(post, 405, "method_not_allowed");
    expect(post.headers.get("allow")).toBe("GET, DELETE, HEAD, OPTIONS");
    const get = await client.get(`/api/sessions/${sessionIdOf(client)}`);
    expectError(get, 405, "method_not_allowed");
    expect(get.headers.get("allow")).toBe("DELETE, OPTIONS");
    const anonymous = new Client(app.baseUrl);
    expectError(await anonymous.get("/api/sessions"), 401, "unauthenticated");
    expectError(await anonymous.request("DELETE", "/api/sessions"), 401, "unauthenticated");
    expectError(await anonymous.request("DELETE", `/api/sessions/${sessionIdOf(client)}`), 401, "unauthenticated");
    const evil = { headers: { origin: "https://evil.example" } };
    expectError(await client.request("DELETE", "/api/sessions", evil), 403, "forbidden_origin");
    expect(body<{ sessions: unknown[] }>(await client.get("/api/sessions"), 200).sessions).toHaveLength(1);
  });
});

describe.each(backends())("dead session rows on %s", (backend) => {
  const app = useApp(backend);

  it("are deleted a week after they expired or were revoked; live and recent ones stay", async () => {
    const { user } = await signUp(app.baseUrl);
    const [{ id: liveId } = { id: "" }] = (await app.sql(`SELECT id FROM "Session" WHERE "userId" = $1`, [user.id])) as { id: string }[];
    await app.sql(
      `INSERT INTO "Session" (id, "userId", kind, name, "expiresAt", "revokedAt") VALUES
        ('old-expired', $1, 'web', '', now() - interval '8 days', NULL),
        ('old-revoked', $1, 'api', 't', now() + interval '30 days', now() - interval '8 days'),
        ('recent-revoked', $1, 'web', '', now() + interval '30 days', now() - interval '1 day')`,
      [user.id],
    );
    // Signing up already swept in this process (at most every 5 minutes): a fresh one sweeps on the next sign-in.
    await app.restart();
    expect((await new Client(app.baseUrl).post("/api/signin", { email: user.email, password: PASSWORD })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ids = (await app.sql(`SELECT id FROM "Session" WHERE "userId" = $1`, [user.id])).map((row) => row.id);
    expect(ids).toEqual(expect.arrayContaining([liveId, "recent-revoked"]));
    expect(ids).not.toContain("old-expired");
    expect(ids).not.toContain("old-revoked");
  });
});
