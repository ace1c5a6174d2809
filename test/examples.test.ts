import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generateApiTypes, TYPES_FILE } from "../examples/generate-types";
import { useApp } from "./support/app";
import { body, createToken, type PlaylistBody, type SongBody } from "./support/api";
import { backends } from "./support/backends";
import { Client, signUp } from "./support/client";
import { ROOT } from "./support/constants";

const run = promisify(execFile);
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

interface Journey {
  catalogue: number;
  found: number;
  playlist: { id: string; name: string; songs: string[] };
}

/** What a script reads when it follows nextCursor itself: every song of a search, in order. */
async function everySong(client: Client, token: string, q = ""): Promise<SongBody[]> {
  const songs: SongBody[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ q, limit: "7", ...(cursor && { cursor }) });
    const page: { songs: SongBody[]; nextCursor: string | null } = body(await client.get(`/api/songs?${query}`, { bearer: token }), 200);
    songs.push(...page.songs);
    cursor = page.nextCursor;
  } while (cursor);
  return songs;
}

describe.each(backends())("the generated-client example on %s", (backend) => {
  const app = useApp(backend);

  it("is typed by what the served document generates (examples/trax-api.d.ts is not stale)", async () => {
    const document = body<object>(await new Client(app.baseUrl).get("/api/openapi.json"), 200);
    expect(await generateApiTypes(document), "run `npm run api:types` against a running server").toBe(readFileSync(TYPES_FILE, "utf8"));
  });

  it("reads every page, searches, makes and fills a playlist with a write token", async () => {
    const { client } = await signUp(app.baseUrl);
    const { token } = await createToken(client, "example", undefined, "write");
    const { stdout } = await run(process.execPath, [TSX, "examples/playlist-journey.ts", "velvet"], {
      cwd: ROOT,
      env: { ...process.env, BASE: app.baseUrl, TOKEN: token },
    });
    const journey = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as Journey;
    const catalogue = await everySong(client, token);
    const found = await everySong(client, token, "velvet");
    expect(journey.catalogue).toBe(catalogue.length);
    expect(catalogue.length).toBeGreaterThan(25);
    expect(found.length).toBeGreaterThan(0);
    expect(journey.found).toBe(found.length);
    const { playlist } = body<{ playlist: PlaylistBody }>(await client.get(`/api/playlists/${journey.playlist.id}`), 200);
    expect(playlist.name).toBe("Songs matching “velvet”");
    expect(playlist.songs?.map((song) => song.id)).toEqual(found.map((song) => song.id));
    expect(journey.playlist.songs).toEqual(found.map((song) => song.id));
  });

  it("fails, saying why, with a read token", async () => {
    const { client } = await signUp(app.baseUrl);
    const { token } = await createToken(client, "reader", undefined, "read");
    const failure = await run(process.execPath, [TSX, "examples/playlist-journey.ts"], { cwd: ROOT, env: { ...process.env, BASE: app.baseUrl, TOKEN: token } }).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain("createPlaylist: insufficient_scope");
  });
});
