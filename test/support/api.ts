import { expect } from "vitest";
import type { TestApp } from "./app";
import { Client, type Reply } from "./client";

/** Helpers for the multi-tenant API suites: typed bodies, seeded data and raw row dumps. */

export interface SessionBody {
  id: string;
  kind: "web" | "api";
  name: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
  scope: "read" | "write" | null;
  device: { browser: string | null; os: string | null; ip: string | null };
  method: "password" | "password_totp" | "recovery_code" | "passkey" | null;
}

export interface SongBody {
  id: string;
  title: string;
  durationSec: number;
  artist: { id: string; name: string };
}

export interface PlaylistBody {
  id: string;
  name: string;
  songCount: number;
  createdAt: string;
  updatedAt: string;
  songs?: (SongBody & { addedAt: string })[];
}

export function body<T>(reply: Reply, status: number): T {
  expect(reply.status, reply.text).toBe(status);
  return reply.body as T;
}

export async function listSessions(client: Client, bearer?: string): Promise<SessionBody[]> {
  return body<{ sessions: SessionBody[] }>(await client.get("/api/sessions", { bearer }), 200).sessions;
}

export async function createToken(client: Client, name = "script", expiresInDays?: number, scope?: "read" | "write") {
  const reply = await client.post("/api/tokens", { name, ...(expiresInDays !== undefined && { expiresInDays }), ...(scope && { scope }) });
  return body<{ token: string; session: SessionBody }>(reply, 201);
}

/** A second, signed-in client of the same account. */
export async function signInAgain(baseUrl: string, email: string, password: string): Promise<Client> {
  const client = new Client(baseUrl);
  body(await client.post("/api/signin", { email, password }), 200);
  return client;
}

export async function someSongs(client: Client, count: number): Promise<SongBody[]> {
  const { songs } = body<{ songs: SongBody[] }>(await client.get(`/api/songs?limit=${count}`), 200);
  expect(songs).toHaveLength(count);
  return songs;
}

export async function createPlaylist(client: Client, name: string, songIds: string[] = []): Promise<PlaylistBody> {
  const { playlist } = body<{ playlist: PlaylistBody }>(await client.post("/api/playlists", { name }), 201);
  for (const songId of songIds) {
    expect((await client.request("PUT", `/api/playlists/${playlist.id}/songs/${songId}`)).status).toBe(204);
  }
  return playlist;
}

/**
 * Every row a user owns, as the database holds it: compared before and after
 * another user's attempts, it proves they changed nothing. One query, so one
 * pause of a PGlite server.
 */
export async function dumpUserRows(app: TestApp, userId: string): Promise<string> {
  const [row] = await app.sql(
    `SELECT
       (SELECT row_to_json(u) FROM "User" u WHERE u.id = $1) AS "user",
       (SELECT json_agg(s ORDER BY s.id) FROM "Session" s WHERE s."userId" = $1) AS sessions,
       (SELECT json_agg(p ORDER BY p.id) FROM "Playlist" p WHERE p."userId" = $1) AS playlists,
       (SELECT json_agg(ps ORDER BY ps."playlistId", ps."songId") FROM "PlaylistSong" ps
          JOIN "Playlist" p ON p.id = ps."playlistId" WHERE p."userId" = $1) AS "playlistSongs"`,
    [userId],
  );
  return JSON.stringify(row);
}
