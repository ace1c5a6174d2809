import createClient from "openapi-fetch";
import type { components, paths } from "./trax-api";

/**
 * A script's whole journey with an API token, through a client generated from
 * the served OpenAPI document (openapi-typescript + openapi-fetch): read the
 * catalogue page by page, search it, make a playlist of what was found and
 * read it back.
 *
 *   BASE=http://localhost:3000 TOKEN=<a write token> npm run example -- "velvet"
 */

type Song = components["schemas"]["Song"];

const base = process.env.BASE ?? "http://localhost:3000";
const token = process.env.TOKEN;
if (!token) throw new Error("Set TOKEN to an API token with the write scope (account page, or POST /api/tokens).");
const query = process.argv[2] ?? "a";

const api = createClient<paths>({ baseUrl: base, headers: { authorization: `Bearer ${token}` } });

/** Every page of a search, following nextCursor until the last page. */
async function allSongs(q?: string): Promise<Song[]> {
  const songs: Song[] = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await api.GET("/api/songs", { params: { query: { q, cursor, limit: 25 } } });
    if (error) throw new Error(`searchSongs: ${error.error.code}: ${error.error.message}`);
    songs.push(...data.songs);
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  return songs;
}

async function makePlaylist(name: string, songs: Song[]) {
  const created = await api.POST("/api/playlists", { body: { name } });
  if (created.error) throw new Error(`createPlaylist: ${created.error.error.code}: ${created.error.error.message}`);
  const id = created.data.playlist.id;
  for (const song of songs) {
    const added = await api.PUT("/api/playlists/{id}/songs/{songId}", { params: { path: { id, songId: song.id } } });
    if (added.error) throw new Error(`addPlaylistSong: ${added.error.error.code}: ${added.error.error.message}`);
  }
  const read = await api.GET("/api/playlists/{id}", { params: { path: { id } } });
  if (read.error) throw new Error(`getPlaylist: ${read.error.error.code}: ${read.error.error.message}`);
  return read.data.playlist;
}

const catalogue = await allSongs();
const found = await allSongs(query);
const playlist = await makePlaylist(`Songs matching “${query}”`, found);
console.log(JSON.stringify({ catalogue: catalogue.length, found: found.length, playlist: { id: playlist.id, name: playlist.name, songs: playlist.songs.map((s) => s.id) } }));
