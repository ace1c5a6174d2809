import { z } from "zod";
import { displayText, idSchema, timestamp } from "@/lib/platform/schemas";

// Shared by the forms, the API routes and the OpenAPI document.

// ---- Catalogue and playlists (request bodies, query and path parameters) ----

export const playlistNameSchema = displayText(
  z.string({ error: "Enter a name." }).trim().min(1, { error: "Enter a name." }).max(100, { error: "Use at most 100 characters." }),
).meta({ description: "Surrounding spaces are removed, then 1 to 100 characters, with no control or text-direction characters." });

export const playlistInputSchema = z.object({ name: playlistNameSchema });

export const SONGS_PAGE = { min: 1, max: 100, default: 20 } as const;

export const songsQuerySchema = z.object({
  q: z
    .string({ error: "Give one search text." })
    .trim()
    .max(100, { error: "Use at most 100 characters." })
    .meta({ description: "Songs whose title or artist contains this text, case-insensitively (surrounding spaces removed; at most 100 characters)." })
    .optional(),
  cursor: z
    .string({ error: "Give one cursor." })
    .min(1)
    .max(512, { error: "That cursor is not valid." })
    .meta({ description: "The previous page's `nextCursor`, as it was: the next page starts after it." })
    .optional(),
  limit: z.coerce
    .number({ error: "Give a whole number." })
    .int({ error: "Give a whole number." })
    .min(SONGS_PAGE.min, { error: `Use at least ${SONGS_PAGE.min}.` })
    .max(SONGS_PAGE.max, { error: `Use at most ${SONGS_PAGE.max}.` })
    .default(SONGS_PAGE.default)
    .meta({ description: `Songs per page, ${SONGS_PAGE.min} to ${SONGS_PAGE.max}.` }),
});

export const playlistSongParamsSchema = z.object({ id: idSchema, songId: idSchema });

// ---- Responses: the JSON the API sends (dates as ISO-8601 strings) ----

export const artistSchema = z.object({ id: z.string(), name: z.string() });

export const songSchema = z.object({ id: z.string(), title: z.string(), durationSec: z.int(), artist: artistSchema });

export const playlistSchema = z.object({
  id: z.string(),
  name: z.string(),
  songCount: z.int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const playlistSongSchema = songSchema.extend({ addedAt: timestamp });
export const playlistDetailSchema = playlistSchema.extend({ songs: z.array(playlistSongSchema) });

export const artistsResponseSchema = z.object({ artists: z.array(artistSchema) });
export const songsResponseSchema = z.object({ songs: z.array(songSchema), nextCursor: z.string().nullable() });
export const playlistsResponseSchema = z.object({ playlists: z.array(playlistSchema) });
export const playlistResponseSchema = z.object({ playlist: playlistSchema });
export const playlistDetailResponseSchema = z.object({ playlist: playlistDetailSchema });

export type ArtistJson = z.infer<typeof artistSchema>;
export type SongJson = z.infer<typeof songSchema>;
export type PlaylistJson = z.infer<typeof playlistSchema>;
export type PlaylistDetailJson = z.infer<typeof playlistDetailSchema>;
export type SongsPage = z.infer<typeof songsResponseSchema>;
export type PlaylistInput = z.input<typeof playlistInputSchema>;
