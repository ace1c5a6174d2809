import { getDb } from "@/lib/platform/db";
import { HttpError } from "@/lib/platform/errors";
import type { Prisma } from "@/lib/platform/generated/prisma/client";
import type { PlaylistDetailJson, PlaylistJson } from "./schemas";
import { songSelect, toSongJson } from "./catalogue";

// Every query names the owner in its own WHERE: another user's playlist simply matches nothing.

const playlistSelect = {
  id: true,
  name: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { songs: true } },
} satisfies Prisma.PlaylistSelect;

const playlistDetailSelect = {
  ...playlistSelect,
  songs: { orderBy: [{ position: "asc" }, { addedAt: "asc" }], select: { addedAt: true, song: { select: songSelect } } },
} satisfies Prisma.PlaylistSelect;

type PlaylistRow = Prisma.PlaylistGetPayload<{ select: typeof playlistSelect }>;
type PlaylistDetailRow = Prisma.PlaylistGetPayload<{ select: typeof playlistDetailSelect }>;

function toPlaylistJson(row: PlaylistRow): PlaylistJson {
  return {
    id: row.id,
    name: row.name,
    songCount: row._count.songs,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toPlaylistDetailJson(row: PlaylistDetailRow): PlaylistDetailJson {
  const songs = row.songs.map(({ addedAt, song }) => ({ ...toSongJson(song), addedAt: addedAt.toISOString() }));
  return { ...toPlaylistJson(row), songs };
}

const playlistNotFound = () => HttpError.notFound("That playlist");
const songNotFound = () => HttpError.notFound("That song");

export async function listPlaylists(userId: string): Promise<PlaylistJson[]> {
  const rows = await getDb().playlist.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: playlistSelect,
  });
  return rows.map(toPlaylistJson);
}

export async function createPlaylist(userId: string, name: string): Promise<PlaylistJson> {
  return toPlaylistJson(await getDb().playlist.create({ data: { userId, name }, select: playlistSelect }));
}

export async function getPlaylist(userId: string, id: string): Promise<PlaylistDetailJson> {
  const row = await getDb().playlist.findFirst({ where: { id, userId }, select: playlistDetailSelect });
  if (!row) throw playlistNotFound();
  return toPlaylistDetailJson(row);
}

export async function renamePlaylist(userId: string, id: string, name: string): Promise<PlaylistJson> {
  const db = getDb();
  const [{ count }, row] = await db.$transaction([
    db.playlist.updateMany({ where: { id, userId }, data: { name } }),
    db.playlist.findFirst({ where: { id, userId }, select: playlistSelect }),
  ]);
  if (count === 0 || !row) throw playlistNotFound();
  return toPlaylistJson(row);
}

export async function deletePlaylist(userId: string, id: string): Promise<void> {
  const { count } = await getDb().playlist.deleteMany({ where: { id, userId } });
  if (count === 0) throw playlistNotFound();
}

type Tx = Prisma.TransactionClient;

async function assertOwnedPlaylistAndSong(tx: Tx, userId: string, id: string, songId: string): Promise<void> {
  const playlist = await tx.playlist.findFirst({ where: { id, userId }, select: { id: true } });
  if (!playlist) throw playlistNotFound();
  const song = await tx.song.findUnique({ where: { id: songId }, select: { id: true } });
  if (!song) throw songNotFound();
}

function touchPlaylist(tx: Tx, userId: string, id: string) {
  return tx.playlist.updateMany({ where: { id, userId }, data: { updatedAt: new Date() } });
}

/** Appends the song at the end; adding one that is already there changes nothing. */
export async function addSongToPlaylist(userId: string, id: string, songId: string): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await assertOwnedPlaylistAndSong(tx, userId, id, songId);
    const last = await tx.playlistSong.aggregate({ where: { playlistId: id, playlist: { userId } }, _max: { position: true } });
    const position = (last._max.position ?? -1) + 1;
    const { count } = await tx.playlistSong.createMany({ data: [{ playlistId: id, songId, position }], skipDuplicates: true });
    if (count > 0) await touchPlaylist(tx, userId, id);
  });
}

/** Removes the song; the others keep their order. Removing one that is not there changes nothing. */
export async function removeSongFromPlaylist(userId: string, id: string, songId: string): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await assertOwnedPlaylistAndSong(tx, userId, id, songId);
    const { count } = await tx.playlistSong.deleteMany({ where: { playlistId: id, songId, playlist: { userId } } });
    if (count > 0) await touchPlaylist(tx, userId, id);
  });
}
