import { describe, expect, it } from "vitest";
import { useApp } from "./support/app";
import { body, createToken, listSessions } from "./support/api";
import { backends } from "./support/backends";
import { Client, signUp } from "./support/client";
import { expectError } from "./support/contract";
import { decodePayload } from "./support/tokens";

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(backends())("API tokens on %s", (backend) => {
  const app = useApp(backend);

  it("creates a named api session, shown once, good for 90 days by default, that works as a Bearer", async () => {
    const { client, user } = await signUp(app.baseUrl);
    const before = Date.now();
    const reply = await client.post("/api/tokens", { name: "  nightly backup " });
    const { token, session } = body<{ token: string; session: { id: string; kind: string; name: string; expiresAt: string; current: boolean } }>(reply, 201);
    expect(Object.keys(reply.body as object).sort()).toEqual(["session", "token"]);
    expect(session).toMatchObject({ kind: "api", name: "nightly backup", current: false });
    expect(reply.headers.getSetCookie()).toEqual([]);
    const expires = new Date(session.expiresAt).getTime();
    expect(expires).toBeGreaterThan(before + 89 * DAY_MS);
    expect(expires).toBeLessThan(before + 91 * DAY_MS);
    expect(decodePayload(token)).toMatchObject({ sub: user.id, sid: session.id });

    // A script: no cookie jar, no Origin rules, reads and writes.
    const script = new Client(app.baseUrl);
    const me = body<{ user: { id: string } }>(await script.get("/api/me", { bearer: token }), 200);
    expect(me.user.id).toBe(user.id);
    const created = await script.post("/api/playlists", { name: "From a script" }, { bearer: token, headers: { origin: "https://elsewhere.example" } });
    expect(created.status).toBe(201);
    const mine = await listSessions(script, token);
    expect(mine.find((s) => s.current)?.id).toBe(session.id);
    expect(script.cookies.size).toBe(0);
  });

  it("honours expiresInDays from 1 day up to the end of the web session that made it (SESSION_MAX_DAYS, 90)", async () => {
    const { client } = await signUp(app.baseUrl);
    const webSession = (await listSessions(client)).find((s) => s.current);
    const absoluteEnd = new Date(webSession?.createdAt ?? 0).getTime() + 90 * DAY_MS;
    const before = Date.now();
    const { session: oneDay } = await createToken(client, "1 day", 1);
    expect(new Date(oneDay.expiresAt).getTime()).toBeGreaterThanOrEqual(before + DAY_MS - 1000);
    expect(new Date(oneDay.expiresAt).getTime()).toBeLessThan(Date.now() + DAY_MS + 1000);
    const { session: oneYear } = await createToken(client, "365 days", 365);
    expect(new Date(oneYear.expiresAt).getTime()).toBe(absoluteEnd);
  });

  it("is refused at once when revoked, like any session", async () => {
    const { client } = await signUp(app.baseUrl);
    const { token, session } = await createToken(client);
    expect((await new Client(app.baseUrl).get("/api/me", { bearer: token })).status).toBe(200);
    expect((await client.request("DELETE", `/api/sessions/${session.id}`)).status).toBe(204);
    expectError(await new Client(app.baseUrl).get("/api/me", { bearer: token }), 401, "unauthenticated");
    expectError(await new Client(app.baseUrl).get("/api/playlists", { bearer: token }), 401, "unauthenticated");
    expect((await listSessions(client)).map((s) => s.id)).not.toContain(session.id);
  });

  it("is refused once its session expired in the database", async () => {
    const { client } = await signUp(app.baseUrl);
    const { token, session } = await createToken(client, "short");
    await app.sql(`UPDATE "Session" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [session.id]);
    expectError(await new Client(app.baseUrl).get("/api/me", { bearer: token }), 401, "unauthenticated");
  });

  it("answers 400 for bad names and lifetimes, 415, 405 and 401, creating nothing", async () => {
    const { client } = await signUp(app.baseUrl);
    const bad: [unknown, string][] = [
      [{}, "name"],
      [{ name: "" }, "name"],
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(101) }, "name"],
      [{ name: 7 }, "name"],
      [{ name: "ok", expiresInDays: 0 }, "expiresInDays"],
      [{ name: "ok", expiresInDays: 366 }, "expiresInDays"],
      [{ name: "ok", expiresInDays: 1.5 }, "expiresInDays"],
      [{ name: "ok", expiresInDays: "30" }, "expiresInDays"],
      [{ name: "ok", expiresInDays: null }, "expiresInDays"],
    ];
    for (const [json, field] of bad) {
      const reply = await client.post("/api/tokens", json);
      expectError(reply, 400, "validation_failed");
      expect((reply.body as { error: { fields: object } }).error.fields, JSON.stringify(json)).toHaveProperty(field);
    }
    const form = await client.request("POST", "/api/tokens", { body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expectError(form, 415, "unsupported_media_type");
    expectError(await client.request("POST", "/api/tokens", { body: "[]", headers: { "content-type": "application/json" } }), 400, "validation_failed");
    const get = await client.get("/api/tokens");
    expectError(get, 405, "method_not_allowed");
    expect(get.headers.get("allow")).toBe("POST, OPTIONS");
    expectError(await new Client(app.baseUrl).post("/api/tokens", { name: "x" }), 401, "unauthenticated");
    expectError(await client.post("/api/tokens", { name: "x" }, { headers: { origin: "https://evil.example" } }), 403, "forbidden_origin");
    expect(await listSessions(client)).toHaveLength(1);
  });
});
