import { z } from "zod";
import { getDb } from "@/lib/platform/db";
import { HttpError } from "@/lib/platform/errors";
import type { Prisma } from "@/lib/platform/generated/prisma/client";
import type { ArtistJson, SongJson, SongsPage } from "./schemas";

export const songSelect = {
  id: true,
  title: true,
  durationSec: true,
  artist: { select: { id: true, name: true } },
} satisfies Prisma.SongSelect;

type SongRow = Prisma.SongGetPayload<{ select: typeof songSelect }>;

export function toSongJson(song: SongRow): SongJson {
  return { id: song.id, title: song.title, durationSec: song.durationSec, artist: song.artist };
}

export function listArtists(): Promise<ArtistJson[]> {
  return getDb().artist.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true } });
}

// Songs are ordered by (title, id); a cursor is the last key of a page, opaque to callers.
const cursorSchema = z.tuple([z.string(), z.string()]);
type CursorKey = z.infer<typeof cursorSchema>;

function encodeCursor(song: SongRow): string {
  return Buffer.from(JSON.stringify([song.title, song.id])).toString("base64url");
}

function decodeCursor(cursor: string): CursorKey {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw HttpError.validation({ cursor: "That cursor is not valid." });
  }
}

// Prisma passes `contains` to ILIKE as is: a searched "%" or "_" must not act as a wildcard.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function searchFilter(q: string | undefined): Prisma.SongWhereInput {
  if (!q) return {};
  const contains = { contains: escapeLike(q), mode: "insensitive" } as const;
  return { OR: [{ title: contains }, { artist: { name: contains } }] };
}

function afterFilter(cursor: string | undefined): Prisma.SongWhereInput {
  if (!cursor) return {};
  const [title, id] = decodeCursor(cursor);
  return { OR: [{ title: { gt: title } }, { title, id: { gt: id } }] };
}

export interface SongQuery {
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Keyset pagination: a page starts after the previous page's last key, so inserts never shift it. */
export async function searchSongs({ q, cursor, limit }: SongQuery): Promise<SongsPage> {
  const rows = await getDb().song.findMany({
    where: { AND: [searchFilter(q), afterFilter(cursor)] },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    take: limit + 1,
    select: songSelect,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { songs: page.map(toSongJson), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
