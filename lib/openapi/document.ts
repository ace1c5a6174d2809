import { z } from "zod";
import * as auth from "@/lib/auth/schemas";
import * as mail from "@/lib/mail/schemas";
import * as mfa from "@/lib/mfa/schemas";
import * as music from "@/lib/music/schemas";
import { REQUEST_ID_HEADER, REQUEST_ID_PATTERN } from "@/lib/platform/request-id";
import * as platform from "@/lib/platform/schemas";

/**
 * The OpenAPI 3.1 document, generated from the zod schemas the routes validate
 * with and the response schemas their serializers are typed by. Only this
 * route table (paths, methods, statuses) is written by hand.
 */

type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
type Schema = z.ZodType;

interface Operation {
  summary: string;
  /** false for the routes that need no session. */
  auth?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: Schema;
  /** Status → response body schema (null: no body). Error statuses beyond these use `default`. */
  responses: Record<number, Schema | null>;
}

/** The outline of this document itself, so that its own route is described like the others. */
const documentSchema = z.looseObject({
  openapi: z.string().regex(/^3\.1\./),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});

// ---- Second factor and passkeys (lib/mfa): their own tables, spread into the document's ----

const mfaRequests: Record<string, Schema> = {
  PasswordOnly: mfa.passwordOnlySchema,
  ConfirmTotp: mfa.confirmTotpSchema,
  SignInSecondFactor: mfa.signInSecondFactorSchema,
  RegisterPasskey: mfa.registerPasskeySchema,
  PasskeySignIn: mfa.passkeySignInSchema,
};

const mfaResponses: Record<string, Schema> = {
  SignInResponse: mfa.signInResponseSchema,
  TotpSetup: mfa.totpSetupResponseSchema,
  RecoveryCodes: mfa.recoveryCodesResponseSchema,
  Passkey: mfa.passkeySchema,
  PasskeyResponse: mfa.passkeyResponseSchema,
  PasskeysResponse: mfa.passkeysResponseSchema,
  CreationOptions: mfa.creationOptionsSchema,
  RequestOptions: mfa.requestOptionsSchema,
};

const mfaRoutes: Record<string, Partial<Record<HttpMethod, Operation>>> = {
  "/api/mfa/totp": {
    post: { summary: "Start setting up an authenticator app: a pending TOTP secret (web session and password)", body: mfa.passwordOnlySchema, responses: { 200: mfa.totpSetupResponseSchema } },
    delete: { summary: "Turn the authenticator app off; its recovery codes go too (web session and password)", body: mfa.passwordOnlySchema, responses: { 204: null } },
  },
  "/api/mfa/totp/confirm": {
    post: { summary: "Turn the pending authenticator app on with its first code: 10 recovery codes, shown once", body: mfa.confirmTotpSchema, responses: { 200: mfa.recoveryCodesResponseSchema } },
  },
  "/api/mfa/recovery-codes": {
    post: { summary: "A new set of recovery codes replacing the old (web session and password)", body: mfa.passwordOnlySchema, responses: { 200: mfa.recoveryCodesResponseSchema } },
  },
  "/api/signin/mfa": {
    post: {
      summary: "The second step of a sign-in, with the challenge cookie POST /api/signin set: a TOTP code or a recovery code (sets the session cookie)",
      auth: false,
      body: mfa.signInSecondFactorSchema,
      responses: { 200: auth.userResponseSchema },
    },
  },
  "/api/passkeys/options": { post: { summary: "WebAuthn creation options for a new passkey (web session)", responses: { 200: mfa.creationOptionsSchema } } },
  "/api/passkeys": {
    get: { summary: "The user's passkeys", responses: { 200: mfa.passkeysResponseSchema } },
    post: { summary: "Register a passkey from the browser's answer to the creation options (web session)", body: mfa.registerPasskeySchema, responses: { 201: mfa.passkeyResponseSchema } },
  },
  "/api/passkeys/{id}": { delete: { summary: "Remove one of the user's passkeys (web session)", params: platform.idParamsSchema, responses: { 204: null } } },
  "/api/signin/passkey/options": {
    post: { summary: "WebAuthn request options for a discoverable passkey (no email)", auth: false, responses: { 200: mfa.requestOptionsSchema } },
  },
  "/api/signin/passkey": {
    post: { summary: "Sign in with a passkey (sets the session cookie; no second step)", auth: false, body: mfa.passkeySignInSchema, responses: { 200: auth.userResponseSchema } },
  },
};

const requests: Record<string, Schema> = {
  ...mfaRequests,
  SignUp: auth.signUpSchema,
  SignIn: auth.signInSchema,
  UpdateMe: auth.updateMeSchema,
  DeleteMe: auth.deleteMeSchema,
  ChangePassword: auth.changePasswordSchema,
  CreateToken: auth.createTokenSchema,
  ForgotPassword: auth.forgotPasswordSchema,
  ResetPassword: auth.resetPasswordSchema,
  VerifyEmail: auth.verifyEmailSchema,
  ChangeEmail: auth.changeEmailSchema,
  PlaylistInput: music.playlistInputSchema,
};

const responses: Record<string, Schema> = {
  ...mfaResponses,
  User: auth.userSchema,
  Session: auth.sessionSchema,
  Artist: music.artistSchema,
  Song: music.songSchema,
  Playlist: music.playlistSchema,
  PlaylistSong: music.playlistSongSchema,
  PlaylistDetail: music.playlistDetailSchema,
  Error: platform.errorSchema,
  UserResponse: auth.userResponseSchema,
  Accepted: auth.acceptedResponseSchema,
  MailDrain: mail.drainResponseSchema,
  SessionsResponse: auth.sessionsResponseSchema,
  TokenResponse: auth.tokenResponseSchema,
  ArtistsResponse: music.artistsResponseSchema,
  SongsResponse: music.songsResponseSchema,
  PlaylistsResponse: music.playlistsResponseSchema,
  PlaylistResponse: music.playlistResponseSchema,
  PlaylistDetailResponse: music.playlistDetailResponseSchema,
  Health: platform.healthResponseSchema,
  OpenApiDocument: documentSchema,
};

export const apiRoutes: Record<string, Partial<Record<HttpMethod, Operation>>> = {
  "/api/health": { get: { summary: "Ready: the database answers and has this build's migrations", auth: false, responses: { 200: platform.healthResponseSchema } } },
  "/api/signup": {
    post: {
      summary: "Create an account and sign in (with REQUIRE_VERIFIED_EMAIL: 202, no session, the same for a registered address)",
      auth: false,
      body: auth.signUpSchema,
      responses: { 201: auth.userResponseSchema, 202: auth.acceptedResponseSchema },
    },
  },
  "/api/signin": {
    post: {
      summary: "Sign in (sets the session cookie; with a second factor on, a challenge cookie for POST /api/signin/mfa instead)",
      auth: false,
      body: auth.signInSchema,
      responses: { 200: mfa.signInResponseSchema },
    },
  },
  "/api/signout": { post: { summary: "Revoke the current session", responses: { 204: null } } },
  "/api/me": {
    get: { summary: "The signed-in user", responses: { 200: auth.userResponseSchema } },
    patch: { summary: "Rename the user", body: auth.updateMeSchema, responses: { 200: auth.userResponseSchema } },
    delete: { summary: "Delete the account and everything in it", body: auth.deleteMeSchema, responses: { 204: null } },
  },
  "/api/me/password": {
    post: { summary: "Change the password; revokes every other session", body: auth.changePasswordSchema, responses: { 204: null } },
  },
  "/api/me/email": {
    post: {
      summary: "Change the email: mails a link to the new address (web session and password)",
      body: auth.changeEmailSchema,
      responses: { 202: auth.acceptedResponseSchema },
    },
  },
  "/api/password/forgot": {
    post: {
      summary: "Mail a password-reset link if the address is registered (same answer either way)",
      auth: false,
      body: auth.forgotPasswordSchema,
      responses: { 202: auth.acceptedResponseSchema },
    },
  },
  "/api/password/reset": {
    post: {
      summary: "Set a new password from a reset link; revokes every session and API token",
      auth: false,
      body: auth.resetPasswordSchema,
      responses: { 204: null },
    },
  },
  "/api/email/verify": {
    post: {
      summary: "Follow a verification or email-change link",
      auth: false,
      body: auth.verifyEmailSchema,
      responses: { 200: auth.userResponseSchema },
    },
  },
  "/api/email/verification": {
    post: { summary: "Mail a new verification link for the current address", responses: { 202: auth.acceptedResponseSchema } },
  },
  "/api/cron/mail": {
    get: {
      summary: "Deliver queued mail (for a scheduler, with `Authorization: Bearer $CRON_SECRET`) and report the outbox",
      auth: false,
      responses: { 200: mail.drainResponseSchema },
    },
  },
  "/api/sessions": {
    get: { summary: "Live sessions and API tokens", responses: { 200: auth.sessionsResponseSchema } },
    delete: { summary: "Revoke every session but the current one", responses: { 204: null } },
  },
  "/api/sessions/{id}": {
    delete: { summary: "Revoke one of the user's sessions or tokens", params: platform.idParamsSchema, responses: { 204: null } },
  },
  "/api/tokens": {
    post: { summary: "Create an API token (shown once)", body: auth.createTokenSchema, responses: { 201: auth.tokenResponseSchema } },
  },
  "/api/artists": { get: { summary: "Every artist in the catalogue", responses: { 200: music.artistsResponseSchema } } },
  "/api/songs": {
    get: { summary: "Search the catalogue, a page at a time", query: music.songsQuerySchema, responses: { 200: music.songsResponseSchema } },
  },
  "/api/playlists": {
    get: { summary: "The user's playlists", responses: { 200: music.playlistsResponseSchema } },
    post: { summary: "Create a playlist", body: music.playlistInputSchema, responses: { 201: music.playlistResponseSchema } },
  },
  "/api/playlists/{id}": {
    get: { summary: "A playlist with its songs in order", params: platform.idParamsSchema, responses: { 200: music.playlistDetailResponseSchema } },
    patch: { summary: "Rename a playlist", params: platform.idParamsSchema, body: music.playlistInputSchema, responses: { 200: music.playlistResponseSchema } },
    delete: { summary: "Delete a playlist", params: platform.idParamsSchema, responses: { 204: null } },
  },
  "/api/playlists/{id}/songs/{songId}": {
    put: { summary: "Add a song at the end (idempotent)", params: music.playlistSongParamsSchema, responses: { 204: null } },
    delete: { summary: "Remove a song (idempotent)", params: music.playlistSongParamsSchema, responses: { 204: null } },
  },
  "/api/openapi.json": { get: { summary: "This document", auth: false, responses: { 200: documentSchema } } },
  ...mfaRoutes,
};

const REF_PREFIX = "#/components/schemas/";

/** Named schemas become components; wherever one is nested, a $ref points at it. */
function componentSchemas(named: Record<string, Schema>, io: "input" | "output"): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io, uri: (id) => `${REF_PREFIX}${id}` });
  // Components are addressed by their place in the document, not by an $id of their own.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _id, ...schema }]) => [id, schema]));
}

function refTo(schema: Schema): { $ref: string } {
  const name = Object.entries(requests).find(([, known]) => known === schema)?.[0] ??
    Object.entries(responses).find(([, known]) => known === schema)?.[0];
  if (!name) throw new Error("A schema in the route table is not registered for OpenAPI");
  return { $ref: `${REF_PREFIX}${name}` };
}

function parameters(where: "path" | "query", shape: z.ZodObject | undefined) {
  return Object.entries(shape?.shape ?? {}).map(([name, field]) => {
    const { $schema: _drop, ...schema } = z.toJSONSchema(field as Schema, { target: "draft-2020-12", io: "input" });
    return { name, in: where, required: where === "path" || !(field as Schema).safeParse(undefined).success, schema };
  });
}

const json = (schema: Schema) => ({ "application/json": { schema: refTo(schema) } });

const requestIdSchema = { type: "string", pattern: REQUEST_ID_PATTERN };
const requestIdParameter = {
  name: REQUEST_ID_HEADER,
  in: "header",
  required: false,
  description: "Your own id for this request, kept when well-formed (1–128 of A–Z a–z 0–9 . _ : -); otherwise one is made.",
  schema: requestIdSchema,
};
const requestIdHeader = { description: "The request's id, also named in the server's log lines for it.", required: true, schema: requestIdSchema };
const headers = { headers: { [REQUEST_ID_HEADER]: { $ref: "#/components/headers/RequestId" } } };

function operation(op: Operation) {
  const described = Object.fromEntries(
    Object.entries(op.responses).map(([status, schema]) => [
      status,
      schema ? { description: `HTTP ${status}`, ...headers, content: json(schema) } : { description: `HTTP ${status}, no body`, ...headers },
    ]),
  );
  return {
    summary: op.summary,
    ...(op.auth === false ? { security: [] } : {}),
    parameters: [...parameters("path", op.params), ...parameters("query", op.query), { $ref: "#/components/parameters/RequestId" }],
    ...(op.body && { requestBody: { required: true, content: json(op.body) } }),
    responses: { ...described, default: { description: "An error, in the contract's shape", ...headers, content: json(platform.errorSchema) } },
  };
}

export function buildOpenApiDocument() {
  const paths = Object.fromEntries(
    Object.entries(apiRoutes).map(([path, ops]) => [
      path,
      Object.fromEntries(Object.entries(ops).map(([method, op]) => [method, operation(op)])),
    ]),
  );
  return {
    openapi: "3.1.0",
    info: { title: "Trax API", version: "1.0.0", description: "Errors: { error: { code, message, fields? } }." },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      schemas: { ...componentSchemas(requests, "input"), ...componentSchemas(responses, "output") },
      parameters: { RequestId: requestIdParameter },
      headers: { RequestId: requestIdHeader },
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        cookieAuth: { type: "apiKey", in: "cookie", name: "__Host-trax_session" },
      },
    },
  };
}

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

export function getOpenApiDocument() {
  cached ??= buildOpenApiDocument();
  return cached;
}
