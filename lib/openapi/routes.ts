import type { z } from "zod";
import * as auth from "@/lib/auth/schemas";
import * as mail from "@/lib/mail/schemas";
import * as mfa from "@/lib/mfa/schemas";
import * as music from "@/lib/music/schemas";
import type { ErrorCode } from "@/lib/platform/schemas";
import * as platform from "@/lib/platform/schemas";
import { documentSchema } from "./document-schema";

/**
 * Every API operation, one entry each: what it takes, who may call it and what
 * it answers. The document derives the rest (the errors each kind of input and
 * access can cause, their codes, headers and examples): see lib/openapi/README.md.
 */

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export type Schema = z.ZodType;

/** Who may call: anyone, every credential, write-scoped tokens and web sessions, web sessions only (the sensitive operations). */
export type Access = "public" | "read" | "write" | "web";

export const TAGS = {
  Authentication: "Sign-up, sign-in and sign-out: the session cookie (or its JWT as a Bearer token).",
  Account: "The signed-in user: profile, password, email and deletion.",
  Email: "Mailed links: password reset and email verification.",
  Sessions: "Web sessions and API tokens: list, create, revoke.",
  SecondFactor: "An authenticator app (TOTP) with recovery codes, and the second step of a sign-in.",
  Passkeys: "WebAuthn passkeys: register, list, remove, and sign in with one.",
  Catalogue: "The shared catalogue of artists and songs.",
  Playlists: "The caller's own playlists (another user's are 404, like missing ones).",
  Service: "Health, scheduled work and this document.",
} as const;
export type Tag = keyof typeof TAGS;

export interface Success {
  /** The body (null: none). */
  schema: Schema | null;
  description: string;
  /** Sets the session cookie (or clears it). */
  setsCookie?: boolean;
  example?: unknown;
}

export interface OperationSpec {
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  access: Access;
  /** A public write that refuses other sites' browsers (403 forbidden_origin), like every cookie-authenticated write. */
  checksOrigin?: boolean;
  /** The scheduler's own Bearer secret instead of a session. */
  cronSecret?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: Schema;
  bodyExample?: unknown;
  responses: Record<number, Success>;
  /** Errors beyond those the input, access and database imply. */
  errors?: Partial<Record<number, ErrorCode[]>>;
  /** Counted against rate limits: RateLimit/RateLimit-Policy on its answers, 429 past them. */
  quota?: boolean;
  /** Needs no database (so never 503). */
  noDatabase?: boolean;
}

export type RouteTable = Record<string, Partial<Record<HttpMethod, OperationSpec>>>;

const ID = "cmiq2x1nb0000l50g8c2f1a9d";
const NOW = "2026-12-01T09:30:00.000Z";
const USER = { id: ID, email: "ada@example.com", name: "Ada", createdAt: NOW, emailVerified: true, mfa: { totp: false, passkeys: 1 } };
const ARTIST = { id: "cmiq2x1nb0001l50gartist01", name: "The Velvet Hours" };
const SONG = { id: "cmiq2x1nb0002l50gsong0001", title: "Blue Static", durationSec: 214, artist: ARTIST };
const PLAYLIST = { id: ID, name: "Road trip", songCount: 1, createdAt: NOW, updatedAt: NOW };
const SESSION = {
  id: ID,
  kind: "api",
  name: "nightly backup",
  scope: "read",
  createdAt: NOW,
  lastUsedAt: NOW,
  expiresAt: "2027-03-01T09:30:00.000Z",
  current: false,
  method: null,
  device: { browser: "Firefox 133", os: "Linux", ip: "203.0.113.7" },
};
const PASSKEY = { id: ID, name: "Laptop", createdAt: NOW, lastUsedAt: NOW };
const RECOVERY_CODES = Array.from({ length: mfa.RECOVERY_CODE_COUNT }, (_, i) => `k7q2-m9x${i}-4tzw`);
const PASSWORD_BODY = { password: "correct horse battery" };

const user = (description: string, setsCookie = false): Success => ({
  schema: auth.userResponseSchema,
  description,
  setsCookie,
  example: { user: USER },
});
const accepted = (description: string): Success => ({ schema: auth.acceptedResponseSchema, description, example: {} });
const none = (description: string, setsCookie = false): Success => ({ schema: null, description, setsCookie });

export const apiRoutes: RouteTable = {
  "/api/health": {
    get: {
      operationId: "getHealth",
      tag: "Service",
      summary: "Readiness",
      description: "200 only when the database answers and has this build's newest migration.",
      access: "public",
      responses: { 200: { schema: platform.healthResponseSchema, description: "Ready.", example: { status: "ok" } } },
    },
  },
  "/api/signup": {
    post: {
      operationId: "signUp",
      tag: "Authentication",
      summary: "Create an account and sign in",
      description: "With REQUIRE_VERIFIED_EMAIL: 202 and no session, the same for an address already registered.",
      access: "public",
      checksOrigin: true,
      quota: true,
      body: auth.signUpSchema,
      bodyExample: { email: "ada@example.com", password: "correct horse battery", name: "Ada" },
      responses: {
        201: user("Signed up and signed in.", true),
        202: accepted("REQUIRE_VERIFIED_EMAIL is on: a link was mailed; sign in once it is followed."),
      },
      errors: { 409: ["conflict"] },
    },
  },
  "/api/signin": {
    post: {
      operationId: "signIn",
      tag: "Authentication",
      summary: "Sign in with email and password",
      access: "public",
      checksOrigin: true,
      quota: true,
      description: "With a second factor on, the answer is `{ mfaRequired, methods }` and a short-lived challenge cookie for signInSecondFactor instead of a session.",
      body: auth.signInSchema,
      bodyExample: { email: "ada@example.com", password: "correct horse battery" },
      responses: {
        200: { schema: mfa.signInResponseSchema, description: "Signed in, or the second step is needed.", setsCookie: true, example: { user: USER } },
      },
      errors: { 401: ["invalid_credentials"], 403: ["email_unverified"] },
    },
  },
  "/api/signout": {
    post: {
      operationId: "signOut",
      tag: "Authentication",
      summary: "Revoke the current session or token",
      access: "read",
      responses: { 204: none("Signed out; the cookie is cleared.", true) },
    },
  },
  "/api/me": {
    get: { operationId: "getMe", tag: "Account", summary: "The signed-in user", access: "read", responses: { 200: user("The user.") } },
    patch: {
      operationId: "updateMe",
      tag: "Account",
      summary: "Rename the user",
      access: "web",
      body: auth.updateMeSchema,
      bodyExample: { name: "Ada Lovelace" },
      responses: { 200: user("Renamed.") },
    },
    delete: {
      operationId: "deleteMe",
      tag: "Account",
      summary: "Delete the account and everything in it",
      description: "A wrong password is 400 validation_failed; password checks are limited per session (429).",
      access: "web",
      body: auth.deleteMeSchema,
      bodyExample: { password: "correct horse battery" },
      responses: { 204: none("Deleted; the cookie is cleared.", true) },
      errors: { 429: ["rate_limited"] },
    },
  },
  "/api/me/password": {
    post: {
      operationId: "changePassword",
      tag: "Account",
      summary: "Change the password",
      description: "Revokes every other session and token. A wrong current password is 400 validation_failed.",
      access: "web",
      body: auth.changePasswordSchema,
      bodyExample: { currentPassword: "correct horse battery", newPassword: "a new long passphrase" },
      responses: { 204: none("Changed.") },
      errors: { 429: ["rate_limited"] },
    },
  },
  "/api/me/email": {
    post: {
      operationId: "changeEmail",
      tag: "Account",
      summary: "Change the email",
      description: "Mails a link to the new address; the email changes only when it is followed. A wrong password is 400 validation_failed.",
      access: "web",
      body: auth.changeEmailSchema,
      bodyExample: { email: "ada@new.example", password: "correct horse battery" },
      responses: { 202: accepted("A link was mailed to the new address.") },
      errors: { 429: ["rate_limited"] },
    },
  },
  "/api/password/forgot": {
    post: {
      operationId: "forgotPassword",
      tag: "Email",
      summary: "Mail a password-reset link",
      description: "The same answer whether or not the address is registered.",
      access: "public",
      checksOrigin: true,
      quota: true,
      body: auth.forgotPasswordSchema,
      bodyExample: { email: "ada@example.com" },
      responses: { 202: accepted("A link was mailed if the address is registered.") },
    },
  },
  "/api/password/reset": {
    post: {
      operationId: "resetPassword",
      tag: "Email",
      summary: "Set a new password from a reset link",
      description: "Revokes every session and API token of the user and lifts the sign-in lockout.",
      access: "public",
      checksOrigin: true,
      body: auth.resetPasswordSchema,
      bodyExample: { token: "Jd1Ck3gqzP9lY1w0rQ2vXw", password: "a new long passphrase" },
      responses: { 204: none("The new password is set.") },
      errors: { 400: ["invalid_token"] },
    },
  },
  "/api/email/verify": {
    post: {
      operationId: "verifyEmail",
      tag: "Email",
      summary: "Follow a verification or email-change link",
      access: "public",
      checksOrigin: true,
      body: auth.verifyEmailSchema,
      bodyExample: { token: "Jd1Ck3gqzP9lY1w0rQ2vXw" },
      responses: { 200: user("Verified (or the email changed).") },
      errors: { 400: ["invalid_token"], 409: ["conflict"] },
    },
  },
  "/api/email/verification": {
    post: {
      operationId: "resendVerification",
      tag: "Email",
      summary: "Mail a new verification link",
      description: "Nothing is sent when the address is already verified.",
      access: "web",
      quota: true,
      responses: { 202: accepted("A link was mailed (if the address is not verified yet).") },
    },
  },
  "/api/cron/mail": {
    get: {
      operationId: "drainMail",
      tag: "Service",
      summary: "Deliver queued mail and report the outbox",
      description: "For a scheduler, with `Authorization: Bearer $CRON_SECRET`; without CRON_SECRET set it refuses everyone.",
      access: "public",
      cronSecret: true,
      responses: {
        200: {
          schema: mail.drainResponseSchema,
          description: "This run's work and what is left.",
          example: { delivered: 2, retrying: 0, failed: 0, outbox: { queued: 0, failed: 0, oldestQueuedAt: null } },
        },
      },
      errors: { 401: ["unauthenticated"] },
    },
  },
  "/api/sessions": {
    get: {
      operationId: "listSessions",
      tag: "Sessions",
      summary: "Live sessions and API tokens",
      access: "read",
      responses: { 200: { schema: auth.sessionsResponseSchema, description: "Most recently used first.", example: { sessions: [SESSION] } } },
    },
    delete: {
      operationId: "revokeOtherSessions",
      tag: "Sessions",
      summary: "Revoke every session and token but the current one",
      access: "web",
      responses: { 204: none("Revoked.") },
    },
  },
  "/api/sessions/{id}": {
    delete: {
      operationId: "revokeSession",
      tag: "Sessions",
      summary: "Revoke one session or token",
      description: "A token may revoke itself; revoking any other session needs a web session (403 forbidden).",
      access: "read",
      params: platform.idParamsSchema,
      responses: { 204: none("Revoked (revoking the current session clears its cookie).") },
      errors: { 403: ["forbidden"], 404: ["not_found"] },
    },
  },
  "/api/tokens": {
    post: {
      operationId: "createToken",
      tag: "Sessions",
      summary: "Create an API token",
      description: "Shown once. Listed and revoked like a session (`kind: \"api\"`). It never outlives the web session that made it.",
      access: "web",
      body: auth.createTokenSchema,
      bodyExample: { name: "nightly backup", scope: "read", expiresInDays: 30 },
      responses: {
        201: {
          schema: auth.tokenResponseSchema,
          description: "The token (send it as `Authorization: Bearer <token>`) and its session.",
          example: { token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", session: SESSION },
        },
      },
    },
  },
  "/api/artists": {
    get: {
      operationId: "listArtists",
      tag: "Catalogue",
      summary: "Every artist",
      access: "read",
      responses: { 200: { schema: music.artistsResponseSchema, description: "By name.", example: { artists: [ARTIST] } } },
    },
  },
  "/api/songs": {
    get: {
      operationId: "searchSongs",
      tag: "Catalogue",
      summary: "Search songs, a page at a time",
      description: "Ordered by title. Follow `nextCursor` (null on the last page) with the same `q` to read every page.",
      access: "read",
      query: music.songsQuerySchema,
      responses: {
        200: { schema: music.songsResponseSchema, description: "A page of songs.", example: { songs: [SONG], nextCursor: "WyJCbHVlIFN0YXRpYyIsIngiXQ" } },
      },
    },
  },
  "/api/playlists": {
    get: {
      operationId: "listPlaylists",
      tag: "Playlists",
      summary: "The caller's playlists",
      access: "read",
      responses: { 200: { schema: music.playlistsResponseSchema, description: "Newest first.", example: { playlists: [PLAYLIST] } } },
    },
    post: {
      operationId: "createPlaylist",
      tag: "Playlists",
      summary: "Create a playlist",
      access: "write",
      body: music.playlistInputSchema,
      bodyExample: { name: "Road trip" },
      responses: { 201: { schema: music.playlistResponseSchema, description: "Created.", example: { playlist: { ...PLAYLIST, songCount: 0 } } } },
    },
  },
  "/api/playlists/{id}": {
    get: {
      operationId: "getPlaylist",
      tag: "Playlists",
      summary: "A playlist with its songs in order",
      access: "read",
      params: platform.idParamsSchema,
      responses: {
        200: {
          schema: music.playlistDetailResponseSchema,
          description: "The playlist.",
          example: { playlist: { ...PLAYLIST, songs: [{ ...SONG, addedAt: NOW }] } },
        },
      },
      errors: { 404: ["not_found"] },
    },
    patch: {
      operationId: "renamePlaylist",
      tag: "Playlists",
      summary: "Rename a playlist",
      access: "write",
      params: platform.idParamsSchema,
      body: music.playlistInputSchema,
      bodyExample: { name: "Road trip, part 2" },
      responses: { 200: { schema: music.playlistResponseSchema, description: "Renamed.", example: { playlist: PLAYLIST } } },
      errors: { 404: ["not_found"] },
    },
    delete: {
      operationId: "deletePlaylist",
      tag: "Playlists",
      summary: "Delete a playlist",
      access: "write",
      params: platform.idParamsSchema,
      responses: { 204: none("Deleted.") },
      errors: { 404: ["not_found"] },
    },
  },
  "/api/playlists/{id}/songs/{songId}": {
    put: {
      operationId: "addPlaylistSong",
      tag: "Playlists",
      summary: "Add a song at the end (idempotent)",
      access: "write",
      params: music.playlistSongParamsSchema,
      responses: { 204: none("In the playlist.") },
      errors: { 404: ["not_found"] },
    },
    delete: {
      operationId: "removePlaylistSong",
      tag: "Playlists",
      summary: "Remove a song (idempotent)",
      access: "write",
      params: music.playlistSongParamsSchema,
      responses: { 204: none("Not in the playlist.") },
      errors: { 404: ["not_found"] },
    },
  },
  "/api/mfa/totp": {
    post: {
      operationId: "startTotp",
      tag: "SecondFactor",
      summary: "Start setting up an authenticator app",
      description: "A pending TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s) and its otpauth:// URI; confirmTotp turns it on. A wrong password is 400 validation_failed.",
      access: "web",
      body: mfa.passwordOnlySchema,
      bodyExample: PASSWORD_BODY,
      responses: {
        200: {
          schema: mfa.totpSetupResponseSchema,
          description: "The pending secret.",
          example: { secret: "JBSWY3DPEHPK3PXP", uri: "otpauth://totp/Trax:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Trax" },
        },
      },
      errors: { 409: ["conflict"], 429: ["rate_limited"] },
    },
    delete: {
      operationId: "disableTotp",
      tag: "SecondFactor",
      summary: "Turn the authenticator app off; its recovery codes go too",
      description: "A wrong password is 400 validation_failed.",
      access: "web",
      body: mfa.passwordOnlySchema,
      bodyExample: PASSWORD_BODY,
      responses: { 204: none("Off (or was off).") },
      errors: { 429: ["rate_limited"] },
    },
  },
  "/api/mfa/totp/confirm": {
    post: {
      operationId: "confirmTotp",
      tag: "SecondFactor",
      summary: "Turn the pending authenticator app on with its first code",
      description: "10 single-use recovery codes, shown once. A wrong code is 400 validation_failed (`fields.code`).",
      access: "web",
      body: mfa.confirmTotpSchema,
      bodyExample: { code: "123456" },
      responses: { 200: { schema: mfa.recoveryCodesResponseSchema, description: "On.", example: { recoveryCodes: RECOVERY_CODES } } },
      errors: { 409: ["conflict"] },
    },
  },
  "/api/mfa/recovery-codes": {
    post: {
      operationId: "regenerateRecoveryCodes",
      tag: "SecondFactor",
      summary: "A new set of recovery codes, replacing the old",
      description: "A wrong password is 400 validation_failed; without an authenticator app on, 409.",
      access: "web",
      body: mfa.passwordOnlySchema,
      bodyExample: PASSWORD_BODY,
      responses: { 200: { schema: mfa.recoveryCodesResponseSchema, description: "The new codes, shown once.", example: { recoveryCodes: RECOVERY_CODES } } },
      errors: { 409: ["conflict"], 429: ["rate_limited"] },
    },
  },
  "/api/signin/mfa": {
    post: {
      operationId: "signInSecondFactor",
      tag: "SecondFactor",
      summary: "The second step of a sign-in: a code or a recovery code",
      description: "Needs the challenge cookie that signIn set (5 minutes; without it, 401 unauthenticated). Attempts are limited per account.",
      access: "public",
      checksOrigin: true,
      body: mfa.signInSecondFactorSchema,
      bodyExample: { code: "123456" },
      responses: { 200: user("Signed in.", true) },
      errors: { 401: ["unauthenticated", "invalid_code"], 403: ["email_unverified"], 429: ["rate_limited"] },
    },
  },
  "/api/passkeys/options": {
    post: {
      operationId: "passkeyCreationOptions",
      tag: "Passkeys",
      summary: "WebAuthn creation options for a new passkey",
      access: "web",
      responses: { 200: { schema: mfa.creationOptionsSchema, description: "For navigator.credentials.create (JSON form)." } },
    },
  },
  "/api/passkeys": {
    get: {
      operationId: "listPasskeys",
      tag: "Passkeys",
      summary: "The user's passkeys",
      access: "read",
      responses: { 200: { schema: mfa.passkeysResponseSchema, description: "Oldest first.", example: { passkeys: [PASSKEY] } } },
    },
    post: {
      operationId: "registerPasskey",
      tag: "Passkeys",
      summary: "Register a passkey from the browser's answer to the creation options",
      description: "An answer that does not verify, or whose challenge was used or expired, is 400 validation_failed (`fields.response`).",
      access: "web",
      body: mfa.registerPasskeySchema,
      responses: { 201: { schema: mfa.passkeyResponseSchema, description: "Registered.", example: { passkey: { ...PASSKEY, lastUsedAt: null } } } },
    },
  },
  "/api/passkeys/{id}": {
    delete: {
      operationId: "removePasskey",
      tag: "Passkeys",
      summary: "Remove one of the user's passkeys",
      access: "web",
      params: platform.idParamsSchema,
      responses: { 204: none("Removed.") },
      errors: { 404: ["not_found"] },
    },
  },
  "/api/signin/passkey/options": {
    post: {
      operationId: "passkeyRequestOptions",
      tag: "Passkeys",
      summary: "WebAuthn request options for a discoverable passkey (no email)",
      access: "public",
      checksOrigin: true,
      quota: true,
      responses: { 200: { schema: mfa.requestOptionsSchema, description: "For navigator.credentials.get (JSON form)." } },
    },
  },
  "/api/signin/passkey": {
    post: {
      operationId: "signInWithPasskey",
      tag: "Passkeys",
      summary: "Sign in with a passkey; no second step",
      access: "public",
      checksOrigin: true,
      quota: true,
      body: mfa.passkeySignInSchema,
      responses: { 200: user("Signed in.", true) },
      errors: { 401: ["invalid_credentials"], 403: ["email_unverified"] },
    },
  },
  "/api/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      tag: "Service",
      summary: "This document",
      access: "public",
      noDatabase: true,
      responses: { 200: { schema: documentSchema, description: "OpenAPI 3.1." } },
    },
  },
};
