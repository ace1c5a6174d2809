import { z } from "zod";

/** Shared by the forms, the API routes and the OpenAPI document. */
export const emailSchema = z
  .string({ error: "Enter your email." })
  .trim()
  .toLowerCase()
  .max(254, { error: "Email is too long." })
  .pipe(z.email({ error: "Enter a valid email address." }));

export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(8, { error: "Use at least 8 characters." })
  .max(128, { error: "Use at most 128 characters." });

export const nameSchema = z.string({ error: "Enter a name." }).trim().max(100, { error: "Use at most 100 characters." });

export const signUpSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: nameSchema.optional(),
});

export const signInSchema = z.object({
  email: z.string({ error: "Enter your email." }).trim().toLowerCase().min(1, { error: "Enter your email." }).max(254),
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(128),
});

export type SignUpInput = z.input<typeof signUpSchema>;
export type SignInInput = z.input<typeof signInSchema>;

// ---- Account, sessions and tokens (request bodies) ----

export const updateMeSchema = z.object({ name: nameSchema });

export const deleteMeSchema = z.object({
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(128),
});

export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ error: "Enter your current password." })
    .min(1, { error: "Enter your current password." })
    .max(128),
  newPassword: newPasswordSchema,
});

/** API tokens live 1 to 365 days; 90 unless asked otherwise. */
export const TOKEN_DAYS = { min: 1, max: 365, default: 90 } as const;

export const createTokenSchema = z.object({
  name: z
    .string({ error: "Name the token." })
    .trim()
    .min(1, { error: "Name the token." })
    .max(100, { error: "Use at most 100 characters." }),
  expiresInDays: z
    .number({ error: "Give a whole number of days." })
    .int({ error: "Give a whole number of days." })
    .min(TOKEN_DAYS.min, { error: `Use at least ${TOKEN_DAYS.min} day.` })
    .max(TOKEN_DAYS.max, { error: `Use at most ${TOKEN_DAYS.max} days.` })
    .default(TOKEN_DAYS.default),
});

// ---- Catalogue and playlists (request bodies, query and path parameters) ----

export const playlistNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, { error: "Enter a name." })
  .max(100, { error: "Use at most 100 characters." });

export const playlistInputSchema = z.object({ name: playlistNameSchema });

export const SONGS_PAGE = { min: 1, max: 100, default: 20 } as const;

export const songsQuerySchema = z.object({
  q: z.string({ error: "Give one search text." }).trim().max(100, { error: "Use at most 100 characters." }).optional(),
  cursor: z.string({ error: "Give one cursor." }).min(1).max(512, { error: "That cursor is not valid." }).optional(),
  limit: z.coerce
    .number({ error: "Give a whole number." })
    .int({ error: "Give a whole number." })
    .min(SONGS_PAGE.min, { error: `Use at least ${SONGS_PAGE.min}.` })
    .max(SONGS_PAGE.max, { error: `Use at most ${SONGS_PAGE.max}.` })
    .default(SONGS_PAGE.default),
});

const idSchema = z.string({ error: "Give one id." }).min(1, { error: "Give an id." }).max(64, { error: "That id is not valid." });

export const idParamsSchema = z.object({ id: idSchema });
export const playlistSongParamsSchema = z.object({ id: idSchema, songId: idSchema });

// ---- Responses: the JSON the API sends (dates as ISO-8601 strings) ----

const timestamp = z.iso.datetime();

export const userSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), createdAt: timestamp });

export const sessionSchema = z.object({
  id: z.string(),
  kind: z.enum(["web", "api"]),
  name: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp,
  expiresAt: timestamp,
  current: z.boolean(),
});

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

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }),
});

export const userResponseSchema = z.object({ user: userSchema });
export const sessionsResponseSchema = z.object({ sessions: z.array(sessionSchema) });
export const tokenResponseSchema = z.object({ token: z.string(), session: sessionSchema });
export const artistsResponseSchema = z.object({ artists: z.array(artistSchema) });
export const songsResponseSchema = z.object({ songs: z.array(songSchema), nextCursor: z.string().nullable() });
export const playlistsResponseSchema = z.object({ playlists: z.array(playlistSchema) });
export const playlistResponseSchema = z.object({ playlist: playlistSchema });
export const playlistDetailResponseSchema = z.object({ playlist: playlistDetailSchema });
export const healthResponseSchema = z.object({ status: z.literal("ok") });

export type UserJson = z.infer<typeof userSchema>;
export type SessionJson = z.infer<typeof sessionSchema>;
export type ArtistJson = z.infer<typeof artistSchema>;
export type SongJson = z.infer<typeof songSchema>;
export type PlaylistJson = z.infer<typeof playlistSchema>;
export type PlaylistDetailJson = z.infer<typeof playlistDetailSchema>;
export type SongsPage = z.infer<typeof songsResponseSchema>;
export type CreateTokenInput = z.input<typeof createTokenSchema>;
export type PlaylistInput = z.input<typeof playlistInputSchema>;

// ---- Form-only schemas (what a form's text inputs hold, before they become a request body) ----

export const tokenFormSchema = createTokenSchema.extend({
  expiresInDays: z.coerce.number().pipe(createTokenSchema.shape.expiresInDays.unwrap()),
});
