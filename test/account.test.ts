import { describe, expect, it } from "vitest";
import { useApp } from "./support/app";
import { body, createPlaylist, createToken, dumpUserRows, listSessions, signInAgain, someSongs } from "./support/api";
import { backends } from "./support/backends";
import { Client, PASSWORD, signUp } from "./support/client";
import { expectError, expectPublicUser } from "./support/contract";

const NEW_PASSWORD = "a brand new passphrase";

describe.each(backends())("account on %s", (backend) => {
  const app = useApp(backend);

  describe("PATCH /api/me", () => {
    it("renames the user, trimmed, and answers with the user", async () => {
      const { client, user } = await signUp(app.baseUrl);
      const reply = await client.request("PATCH", "/api/me", { json: { name: "  Grace Hopper " } });
      const renamed = body<{ user: { id: string; name: string } }>(reply, 200).user;
      expectPublicUser(renamed);
      expect(renamed).toMatchObject({ id: user.id, name: "Grace Hopper" });
      expect(body<{ user: { name: string } }>(await client.get("/api/me"), 200).user.name).toBe("Grace Hopper");
    });

    it("answers 400, 415 and 401 for bad requests and keeps the name", async () => {
      const { client } = await signUp(app.baseUrl);
      for (const json of [{}, { name: "x".repeat(101) }, { name: 5 }, { name: null }]) {
        const reply = await client.request("PATCH", "/api/me", { json });
        expectError(reply, 400, "validation_failed");
        expect((reply.body as { error: { fields: object } }).error.fields).toHaveProperty("name");
      }
      expectError(await client.request("PATCH", "/api/me", { body: "x", headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type");
      expectError(await new Client(app.baseUrl).request("PATCH", "/api/me", { json: { name: "x" } }), 401, "unauthenticated");
      expect(body<{ user: { name: string } }>(await client.get("/api/me"), 200).user.name).toBe("Test User");
    });
  });

  describe("POST /api/me/password", () => {
    it("changes the password and leaves exactly the current session alive", async () => {
      const { client, email } = await signUp(app.baseUrl);
      const other = await signInAgain(app.baseUrl, email, PASSWORD);
      const { token } = await createToken(client);
      const reply = await client.post("/api/me/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(reply.status).toBe(204);
      expect(reply.text).toBe("");

      expect((await client.get("/api/me")).status).toBe(200);
      const sessions = await listSessions(client);
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.current).toBe(true);
      expectError(await other.get("/api/me"), 401, "unauthenticated");
      expectError(await new Client(app.baseUrl).get("/api/me", { bearer: token }), 401, "unauthenticated");

      expectError(await new Client(app.baseUrl).post("/api/signin", { email, password: PASSWORD }), 401, "invalid_credentials");
      await signInAgain(app.baseUrl, email, NEW_PASSWORD);
    });

    it("refuses a wrong current password or a weak new one, changing nothing", async () => {
      const { client, email } = await signUp(app.baseUrl);
      const other = await signInAgain(app.baseUrl, email, PASSWORD);
      const wrong = await client.post("/api/me/password", { currentPassword: "not my password", newPassword: NEW_PASSWORD });
      expectError(wrong, 400, "validation_failed");
      expect((wrong.body as { error: { fields: object } }).error.fields).toHaveProperty("currentPassword");
      const weak = await client.post("/api/me/password", { currentPassword: PASSWORD, newPassword: "short" });
      expectError(weak, 400, "validation_failed");
      expect((weak.body as { error: { fields: object } }).error.fields).toHaveProperty("newPassword");
      expectError(await client.post("/api/me/password", { newPassword: NEW_PASSWORD }), 400, "validation_failed");
      expectError(await client.post("/api/me/password", { currentPassword: PASSWORD, newPassword: "n".repeat(129) }), 400, "validation_failed");
      expectError(await client.request("POST", "/api/me/password", { body: "x", headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type");
      expectError(await client.get("/api/me/password"), 405, "method_not_allowed");
      expectError(await new Client(app.baseUrl).post("/api/me/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }), 401, "unauthenticated");

      expect((await other.get("/api/me")).status).toBe(200);
      await signInAgain(app.baseUrl, email, PASSWORD);
    });
  });

  describe("DELETE /api/me", () => {
    const countRows = async (userId: string) => {
      const [row] = await app.sql(
        `SELECT
           (SELECT count(*) FROM "User" WHERE id = $1)::int AS users,
           (SELECT count(*) FROM "Session" WHERE "userId" = $1)::int AS sessions,
           (SELECT count(*) FROM "Playlist" WHERE "userId" = $1)::int AS playlists,
           (SELECT count(*) FROM "PlaylistSong" WHERE "playlistId" = ANY($2))::int AS "playlistSongs"`,
        [userId, playlistIds],
      );
      return row;
    };
    let playlistIds: string[] = [];

    it("refuses a wrong or missing password and deletes nothing", async () => {
      const { client, user } = await signUp(app.baseUrl);
      await createPlaylist(client, "Kept");
      const before = await dumpUserRows(app, user.id);
      const wrong = await client.request("DELETE", "/api/me", { json: { password: "not my password" } });
      expectError(wrong, 400, "validation_failed");
      expect((wrong.body as { error: { fields: object } }).error.fields).toHaveProperty("password");
      expectError(await client.request("DELETE", "/api/me", { json: {} }), 400, "validation_failed");
      expectError(await client.request("DELETE", "/api/me"), 415, "unsupported_media_type");
      expectError(await new Client(app.baseUrl).request("DELETE", "/api/me", { json: { password: PASSWORD } }), 401, "unauthenticated");
      expectError(await client.request("DELETE", "/api/me", { json: { password: PASSWORD }, headers: { origin: "https://evil.example" } }), 403, "forbidden_origin");
      expect(await dumpUserRows(app, user.id)).toBe(before);
      expect((await client.get("/api/me")).status).toBe(200);
    });

    it("removes the user, their sessions, tokens, playlists and playlist songs, and nobody else's", async () => {
      const doomed = await signUp(app.baseUrl);
      const bystander = await signUp(app.baseUrl);
      const [a, b] = await someSongs(doomed.client, 2);
      if (!a || !b) throw new Error("the seeded catalogue has songs");
      const other = await signInAgain(app.baseUrl, doomed.email, PASSWORD);
      const { token } = await createToken(doomed.client);
      playlistIds = [(await createPlaylist(doomed.client, "One", [a.id, b.id])).id, (await createPlaylist(doomed.client, "Two", [a.id])).id];
      const kept = await createPlaylist(bystander.client, "Theirs", [a.id]);
      const bystanderView = (await bystander.client.get(`/api/playlists/${kept.id}`)).text;

      const reply = await doomed.client.request("DELETE", "/api/me", { json: { password: PASSWORD } });
      expect(reply.status).toBe(204);
      expect(reply.headers.getSetCookie().join()).toMatch(/__Host-trax_session=;.*Expires=Thu, 01 Jan 1970/i);

      expect(await countRows(doomed.user.id)).toEqual({ users: 0, sessions: 0, playlists: 0, playlistSongs: 0 });
      expectError(await other.get("/api/me"), 401, "unauthenticated");
      expectError(await new Client(app.baseUrl).get("/api/me", { bearer: token }), 401, "unauthenticated");
      expectError(await new Client(app.baseUrl).post("/api/signin", { email: doomed.email, password: PASSWORD }), 401, "invalid_credentials");
      expect((await bystander.client.get(`/api/playlists/${kept.id}`)).text).toBe(bystanderView);
    });
  });
});
