import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app";
import { body, type SongBody } from "./support/api";
import { backends } from "./support/backends";
import { Client, signUp } from "./support/client";
import { expectError } from "./support/contract";

interface Page {
  songs: SongBody[];
  nextCursor: string | null;
}

const SEEDED_SONGS = 60;

describe.each(backends())("catalogue on %s", (backend) => {
  let app: TestApp;
  let client: Client;
  beforeAll(async () => {
    app = await startApp(backend);
    client = (await signUp(app.baseUrl)).client;
  });
  afterAll(async () => {
    await app?.stop();
  });

  const page = async (query: string) => body<Page>(await client.get(`/api/songs?${query}`), 200);

  /** Follows nextCursor to the end, running `between` after each page. */
  async function walk(query: string, limit: number, between: (pageIndex: number) => Promise<void> = async () => {}) {
    const seen: SongBody[] = [];
    let cursor: string | null = null;
    for (let index = 0; index < 100; index++) {
      const current = await page(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(current.songs.length).toBeLessThanOrEqual(limit);
      seen.push(...current.songs);
      cursor = current.nextCursor;
      if (!cursor) return seen;
      expect(current.songs).toHaveLength(limit);
      await between(index);
    }
    throw new Error("pagination did not end");
  }

  it("lists every artist, by name", async () => {
    const { artists } = body<{ artists: { id: string; name: string }[] }>(await client.get("/api/artists"), 200);
    expect(artists).toHaveLength(10);
    expect(artists.map((a) => a.name)).toContain("The Velvet Lanterns");
    for (const artist of artists) expect(Object.keys(artist).sort()).toEqual(["id", "name"]);
    const names = artists.map((a) => a.name);
    expect([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(names);
  });

  it("pages through every song exactly once, 20 by default, each with its artist", async () => {
    const first = await page("");
    expect(first.songs).toHaveLength(20);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(Object.keys(first.songs[0] ?? {}).sort()).toEqual(["artist", "durationSec", "id", "title"]);
    const all = await walk("", 7);
    expect(all).toHaveLength(SEEDED_SONGS);
    expect(new Set(all.map((s) => s.id)).size).toBe(SEEDED_SONGS);
    const whole = await page("limit=100");
    expect(whole.nextCursor).toBeNull();
    expect(whole.songs.map((s) => s.id)).toEqual(all.map((s) => s.id));
  });

  it("searches titles and artist names, case-insensitively, across pages", async () => {
    const { songs: everything } = await page("limit=100");
    const oracle = (q: string) =>
      everything.filter((s) => s.title.toLowerCase().includes(q) || s.artist.name.toLowerCase().includes(q)).map((s) => s.id);

    const byArtist = await walk("q=VELVET", 4);
    expect(byArtist).toHaveLength(6);
    expect(new Set(byArtist.map((s) => s.artist.name))).toEqual(new Set(["The Velvet Lanterns"]));
    for (const q of ["midnight", "RiVeR", "e", " glass "]) {
      expect((await walk(`q=${encodeURIComponent(q)}`, 5)).map((s) => s.id)).toEqual(oracle(q.trim().toLowerCase()));
    }
    expect((await page("q=no-such-song-anywhere")).songs).toEqual([]);
    // LIKE's wildcards are searched for literally.
    expect((await page("q=%25")).songs).toEqual([]);
    expect((await page("q=_")).songs).toEqual([]);
  });

  it("returns every song exactly once even when songs are added between pages", async () => {
    const [artist] = await app.sql(`SELECT id FROM "Artist" ORDER BY name LIMIT 1`);
    const seen = await walk("q=", 9, async (pageIndex) => {
      if (pageIndex !== 1) return;
      await app.sql(
        `INSERT INTO "Song" (id, title, "artistId", "durationSec") VALUES
           ('inserted-early-1', 'Aaaa Early Song', $1, 200),
           ('inserted-late-1', 'Zzzz Late Song', $1, 200),
           ('inserted-late-2', 'Zzzz 100% Late_Song', $1, 201)`,
        [artist?.id],
      );
    });
    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const original = ids.filter((id) => !id.startsWith("inserted-"));
    expect(original).toHaveLength(SEEDED_SONGS);
    // Songs sorting after the cursor show up; one sorting before it is on a page already read.
    expect(ids).toEqual(expect.arrayContaining(["inserted-late-1", "inserted-late-2"]));
    expect(ids).not.toContain("inserted-early-1");
    expect((await page("limit=100")).songs).toHaveLength(SEEDED_SONGS + 3);
    expect((await page("q=0%25%20late_")).songs.map((s) => s.id)).toEqual(["inserted-late-2"]);
  });

  it("answers 400 for a bad limit, cursor or query, and 401, 405", async () => {
    for (const query of ["limit=0", "limit=101", "limit=abc", "limit=1.5", "limit=", "limit=1&limit=2", "limit=-3"]) {
      const reply = await client.get(`/api/songs?${query}`);
      expectError(reply, 400, "validation_failed");
      expect((reply.body as { error: { fields: object } }).error.fields, query).toHaveProperty("limit");
    }
    const notJson = Buffer.from("nope").toString("base64url");
    const wrongShape = Buffer.from(JSON.stringify({ title: "x" })).toString("base64url");
    for (const cursor of ["garbage!", notJson, wrongShape, "x".repeat(600)]) {
      const reply = await client.get(`/api/songs?cursor=${encodeURIComponent(cursor)}`);
      expectError(reply, 400, "validation_failed");
      expect((reply.body as { error: { fields: object } }).error.fields, cursor).toHaveProperty("cursor");
    }
    expectError(await client.get(`/api/songs?q=${"x".repeat(101)}`), 400, "validation_failed");
    expectError(await client.get("/api/songs?q=a&q=b"), 400, "validation_failed");
    expectError(await new Client(app.baseUrl).get("/api/songs"), 401, "unauthenticated");
    expectError(await new Client(app.baseUrl).get("/api/artists"), 401, "unauthenticated");
    const post = await client.post("/api/songs", { title: "mine" });
    expectError(post, 405, "method_not_allowed");
    expect(post.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expectError(await client.request("DELETE", "/api/artists"), 405, "method_not_allowed");
  });
});
