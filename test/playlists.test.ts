import { describe, expect, it } from "vitest";
import { useApp } from "./support/app";
import { body, createPlaylist, createToken, dumpUserRows, someSongs, type PlaylistBody } from "./support/api";
import { backends } from "./support/backends";
import { Client, signUp } from "./support/client";
import { expectError } from "./support/contract";

describe.each(backends())("playlists on %s", (backend) => {
  const app = useApp(backend);

  const getPlaylist = async (client: Client, id: string) =>
    body<{ playlist: PlaylistBody }>(await client.get(`/api/playlists/${id}`), 200).playlist;

  it("creates, lists, reads, renames and deletes the caller's playlists", async () => {
    const { client } = await signUp(app.baseUrl);
    expect(body<{ playlists: unknown[] }>(await client.get("/api/playlists"), 200).playlists).toEqual([]);
    const created = await createPlaylist(client, "  Road trip  ");
    expect(created).toMatchObject({ name: "Road trip", songCount: 0 });
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
    const second = await createPlaylist(client, "Focus");
    const { playlists } = body<{ playlists: PlaylistBody[] }>(await client.get("/api/playlists"), 200);
    expect(playlists.map((p) => p.id).sort()).toEqual([created.id, second.id].sort());
    expect(await getPlaylist(client, created.id)).toEqual({ ...created, songs: [] });

    const renamed = body<{ playlist: PlaylistBody }>(
      await client.request("PATCH", `/api/playlists/${created.id}`, { json: { name: " Long drive " } }),
      200,
    ).playlist;
    expect(renamed).toMatchObject({ id: created.id, name: "Long drive" });
    expect((await getPlaylist(client, created.id)).name).toBe("Long drive");

    expect((await client.request("DELETE", `/api/playlists/${created.id}`)).status).toBe(204);
    expectError(await client.get(`/api/playlists/${created.id}`), 404, "not_found");
    expectError(await client.request("DELETE", `/api/playlists/${created.id}`), 404, "not_found");
    const after = body<{ playlists: PlaylistBody[] }>(await client.get("/api/playlists"), 200).playlists;
    expect(after.map((p) => p.id)).toEqual([second.id]);
  });

  it("adds songs at the end, idempotently, and removes them keeping the order", async () => {
    const { client } = await signUp(app.baseUrl);
    const [a, b, c, d] = await someSongs(client, 4);
    if (!a || !b || !c || !d) throw new Error("the seeded catalogue has songs");
    const playlist = await createPlaylist(client, "Mix", [c.id, a.id, d.id, b.id]);
    const order = async () => (await getPlaylist(client, playlist.id)).songs?.map((s) => s.id);
    expect(await order()).toEqual([c.id, a.id, d.id, b.id]);

    const full = await getPlaylist(client, playlist.id);
    expect(full.songCount).toBe(4);
    expect(full.songs?.[0]).toMatchObject({ id: c.id, title: c.title, durationSec: c.durationSec, artist: c.artist });

    expect((await client.request("PUT", `/api/playlists/${playlist.id}/songs/${a.id}`)).status).toBe(204);
    expect(await order()).toEqual([c.id, a.id, d.id, b.id]);

    expect((await client.request("DELETE", `/api/playlists/${playlist.id}/songs/${a.id}`)).status).toBe(204);
    expect(await order()).toEqual([c.id, d.id, b.id]);
    expect((await client.request("DELETE", `/api/playlists/${playlist.id}/songs/${a.id}`)).status).toBe(204);
    expect(await order()).toEqual([c.id, d.id, b.id]);

    expect((await client.request("PUT", `/api/playlists/${playlist.id}/songs/${a.id}`)).status).toBe(204);
    expect(await order()).toEqual([c.id, d.id, b.id, a.id]);
  });

  it("keeps one entry per song when the same song and others are added concurrently", async () => {
    const { client } = await signUp(app.baseUrl);
    const songs = await someSongs(client, 5);
    const [first] = songs;
    if (!first) throw new Error("the seeded catalogue has songs");
    const playlist = await createPlaylist(client, "Busy");
    const puts = [...songs, first, first, first].map((song) => client.request("PUT", `/api/playlists/${playlist.id}/songs/${song.id}`));
    for (const reply of await Promise.all(puts)) expect(reply.status, reply.text).toBe(204);
    const { songs: stored = [], songCount } = await getPlaylist(client, playlist.id);
    expect(songCount).toBe(5);
    expect(stored.map((s) => s.id).sort()).toEqual(songs.map((s) => s.id).sort());
  });

  it("answers 404 for a song that does not exist, on add and remove", async () => {
    const { client } = await signUp(app.baseUrl);
    const playlist = await createPlaylist(client, "Empty");
    expectError(await client.request("PUT", `/api/playlists/${playlist.id}/songs/no-such-song`), 404, "not_found");
    expectError(await client.request("DELETE", `/api/playlists/${playlist.id}/songs/no-such-song`), 404, "not_found");
    expect((await getPlaylist(client, playlist.id)).songs).toEqual([]);
  });

  it("lets another user touch nothing: every route is a 404 and the owner's rows are byte-for-byte unchanged", async () => {
    const owner = await signUp(app.baseUrl);
    const [a, b, c] = await someSongs(owner.client, 3);
    if (!a || !b || !c) throw new Error("the seeded catalogue has songs");
    const playlist = await createPlaylist(owner.client, "Private", [a.id, b.id]);
    const intruder = await signUp(app.baseUrl);
    const { token } = await createToken(intruder.client);

    const ownerView = async () => [
      (await owner.client.get("/api/playlists")).text,
      (await owner.client.get(`/api/playlists/${playlist.id}`)).text,
    ];
    const viewBefore = await ownerView();
    const rowsBefore = await dumpUserRows(app, owner.user.id);

    const base = `/api/playlists/${playlist.id}`;
    for (const bearer of [undefined, token]) {
      const as = { bearer, noCookies: bearer !== undefined };
      expectError(await intruder.client.get(base, as), 404, "not_found");
      expectError(await intruder.client.request("PATCH", base, { ...as, json: { name: "Mine now" } }), 404, "not_found");
      expectError(await intruder.client.request("DELETE", base, as), 404, "not_found");
      expectError(await intruder.client.request("PUT", `${base}/songs/${c.id}`, as), 404, "not_found");
      expectError(await intruder.client.request("DELETE", `${base}/songs/${a.id}`, as), 404, "not_found");
      expectError(await intruder.client.request("PUT", `${base}/songs/no-such-song`, as), 404, "not_found");
      const theirs = body<{ playlists: PlaylistBody[] }>(await intruder.client.get("/api/playlists", as), 200).playlists;
      expect(theirs).toEqual([]);
    }

    expect(await dumpUserRows(app, owner.user.id)).toBe(rowsBefore);
    expect(await ownerView()).toEqual(viewBefore);
  });

  it("answers 400 for bad names and ids, 415 and 400 for bad bodies, 405 and 401", async () => {
    const { client } = await signUp(app.baseUrl);
    const playlist = await createPlaylist(client, "Keep");
    for (const name of ["", "   ", "x".repeat(101), 42, null]) {
      const created = await client.post("/api/playlists", { name });
      expectError(created, 400, "validation_failed");
      expect((created.body as { error: { fields: object } }).error.fields).toHaveProperty("name");
      expectError(await client.request("PATCH", `/api/playlists/${playlist.id}`, { json: { name } }), 400, "validation_failed");
    }
    expectError(await client.post("/api/playlists", {}), 400, "validation_failed");
    const text = { body: "name=x", headers: { "content-type": "text/plain" } };
    expectError(await client.request("POST", "/api/playlists", text), 415, "unsupported_media_type");
    expectError(await client.request("PATCH", `/api/playlists/${playlist.id}`, text), 415, "unsupported_media_type");
    const broken = { body: "{", headers: { "content-type": "application/json" } };
    expectError(await client.request("POST", "/api/playlists", broken), 400, "validation_failed");
    expectError(await client.post("/api/playlists", { name: "x".repeat(17 * 1024) }), 413, "payload_too_large");

    const longId = "x".repeat(65);
    expectError(await client.get(`/api/playlists/${longId}`), 400, "validation_failed");
    expectError(await client.request("PUT", `/api/playlists/${playlist.id}/songs/${longId}`), 400, "validation_failed");
    expectError(await client.get("/api/playlists/no-such-playlist"), 404, "not_found");
    expectError(await client.request("PATCH", "/api/playlists/no-such-playlist", { json: { name: "x" } }), 404, "not_found");

    const put = await client.request("PUT", "/api/playlists", { json: { name: "x" } });
    expectError(put, 405, "method_not_allowed");
    expect(put.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expectError(await client.post(`/api/playlists/${playlist.id}`, { name: "x" }), 405, "method_not_allowed");
    expectError(await client.get(`/api/playlists/${playlist.id}/songs/x`), 405, "method_not_allowed");

    const anonymous = new Client(app.baseUrl);
    expectError(await anonymous.get("/api/playlists"), 401, "unauthenticated");
    expectError(await anonymous.post("/api/playlists", { name: "x" }), 401, "unauthenticated");
    expectError(await anonymous.get(`/api/playlists/${playlist.id}`), 401, "unauthenticated");
    expectError(await anonymous.request("PUT", `/api/playlists/${playlist.id}/songs/x`), 401, "unauthenticated");

    const evil = { headers: { origin: "https://evil.example" } };
    expectError(await client.request("DELETE", `/api/playlists/${playlist.id}`, evil), 403, "forbidden_origin");
    expect((await getPlaylist(client, playlist.id)).name).toBe("Keep");
    expect(body<{ playlists: PlaylistBody[] }>(await client.get("/api/playlists"), 200).playlists).toHaveLength(1);
  });
});
