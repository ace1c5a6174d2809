import { z } from "zod";
import * as auth from "@/lib/auth/schemas";
import * as mail from "@/lib/mail/schemas";
import * as mfa from "@/lib/mfa/schemas";
import * as music from "@/lib/music/schemas";
import { REQUEST_ID_HEADER, REQUEST_ID_PATTERN } from "@/lib/platform/request-id";
import type { ErrorCode } from "@/lib/platform/schemas";
import * as platform from "@/lib/platform/schemas";
import { documentSchema } from "./document-schema";
import { errorDescription, errorExample, errorName, errorSchemaFor, errorsOf } from "./errors";
import { apiRoutes, TAGS, type HttpMethod, type OperationSpec, type Schema, type Success } from "./routes";

/**
 * The OpenAPI 3.1 document, generated from the zod schemas the routes validate
 * with and the response schemas their serializers are typed by, and from the
 * route table in routes.ts (the only part written by hand).
 */

const REF = "#/components";
const ref = (kind: string, name: string) => ({ $ref: `${REF}/${kind}/${name}` });

/** Components every nested use points at; response schemas also cover what the table reaches. */
const named: Record<string, Schema> = {
  User: auth.userSchema,
  Session: auth.sessionSchema,
  Artist: music.artistSchema,
  Song: music.songSchema,
  Playlist: music.playlistSchema,
  PlaylistSong: music.playlistSongSchema,
  PlaylistDetail: music.playlistDetailSchema,
  Passkey: mfa.passkeySchema,
};

const REQUEST_NAMES = new Map<Schema, string>([
  [auth.signUpSchema, "SignUp"],
  [auth.signInSchema, "SignIn"],
  [auth.updateMeSchema, "UpdateMe"],
  [auth.deleteMeSchema, "DeleteMe"],
  [auth.changePasswordSchema, "ChangePassword"],
  [auth.createTokenSchema, "CreateToken"],
  [auth.forgotPasswordSchema, "ForgotPassword"],
  [auth.resetPasswordSchema, "ResetPassword"],
  [auth.verifyEmailSchema, "VerifyEmail"],
  [auth.changeEmailSchema, "ChangeEmail"],
  [music.playlistInputSchema, "PlaylistInput"],
  [mfa.passwordOnlySchema, "PasswordOnly"],
  [mfa.confirmTotpSchema, "ConfirmTotp"],
  [mfa.signInSecondFactorSchema, "SignInSecondFactor"],
  [mfa.registerPasskeySchema, "RegisterPasskey"],
  [mfa.passkeySignInSchema, "PasskeySignIn"],
]);

const RESPONSE_NAMES = new Map<Schema, string>([
  [auth.userResponseSchema, "UserResponse"],
  [auth.acceptedResponseSchema, "Accepted"],
  [auth.sessionsResponseSchema, "SessionsResponse"],
  [auth.tokenResponseSchema, "TokenResponse"],
  [music.artistsResponseSchema, "ArtistsResponse"],
  [music.songsResponseSchema, "SongsResponse"],
  [music.playlistsResponseSchema, "PlaylistsResponse"],
  [music.playlistResponseSchema, "PlaylistResponse"],
  [music.playlistDetailResponseSchema, "PlaylistDetailResponse"],
  [platform.healthResponseSchema, "Health"],
  [mail.drainResponseSchema, "MailDrain"],
  [documentSchema, "OpenApiDocument"],
  [mfa.signInResponseSchema, "SignInResponse"],
  [mfa.totpSetupResponseSchema, "TotpSetup"],
  [mfa.recoveryCodesResponseSchema, "RecoveryCodes"],
  [mfa.passkeyResponseSchema, "PasskeyResponse"],
  [mfa.passkeysResponseSchema, "PasskeysResponse"],
  [mfa.creationOptionsSchema, "CreationOptions"],
  [mfa.requestOptionsSchema, "RequestOptions"],
]);

function nameOf(names: Map<Schema, string>, schema: Schema, where: string): string {
  const name = names.get(schema);
  if (!name) throw new Error(`${where}: a schema in the route table has no component name in lib/openapi/document.ts`);
  return name;
}

/** A request's `default` is the server's business: to a caller the property is just optional (said in its description). */
function describeDefault(jsonSchema: Record<string, unknown>): void {
  if (!("default" in jsonSchema)) return;
  const said = typeof jsonSchema.description === "string" ? `${jsonSchema.description} ` : "";
  jsonSchema.description = `${said}Default: ${JSON.stringify(jsonSchema.default)}.`;
  delete jsonSchema.default;
}

function toJsonSchemas(schemas: Map<string, Schema>, io: "input" | "output"): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of schemas) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    uri: (id) => `${REF}/schemas/${id}`,
    ...(io === "input" && { override: ({ jsonSchema }) => describeDefault(jsonSchema as Record<string, unknown>) }),
  });
  // Components are addressed by their place in the document, not by an $id of their own.
  return Object.fromEntries(Object.entries(out).map(([id, { $schema: _s, $id: _id, ...schema }]) => [id, schema]));
}

function allOperations(): [string, HttpMethod, OperationSpec][] {
  return Object.entries(apiRoutes).flatMap(([path, ops]) =>
    (Object.entries(ops) as [HttpMethod, OperationSpec][]).map(([method, op]) => [path, method, op] as [string, HttpMethod, OperationSpec]),
  );
}

/** Every distinct set of error codes an operation answers with a status. */
function errorSets(): Map<string, ErrorCode[]> {
  const sets = new Map<string, ErrorCode[]>();
  for (const [, method, op] of allOperations()) {
    for (const codes of errorsOf(op, method).values()) sets.set(errorName(codes), codes);
  }
  return sets;
}

function componentSchemas(): Record<string, unknown> {
  const requests = new Map([...REQUEST_NAMES].map(([schema, name]) => [name, schema]));
  const responses = new Map<string, Schema>([...Object.entries(named), ...[...RESPONSE_NAMES].map(([schema, name]) => [name, schema] as const)]);
  for (const [name, codes] of errorSets()) responses.set(`${name}Error`, errorSchemaFor(codes));
  return { ...toJsonSchemas(requests, "input"), ...toJsonSchemas(responses, "output") };
}

const stringSchema = { type: "string" };
const requestIdSchema = { type: "string", pattern: REQUEST_ID_PATTERN };

const HEADERS = {
  RequestId: { description: "The request's id (yours when you sent a well-formed one), also named in the server's log lines for it.", required: true, schema: requestIdSchema },
  SetSessionCookie: {
    description: "The session cookie (`__Host-trax_session` in production: HttpOnly, Secure, SameSite=Lax, Path=/), set or cleared.",
    required: true,
    schema: stringSchema,
  },
  SessionCookieUpdate: {
    description: "The session cookie: renewed when a cookie-authenticated web session slid forward; cleared when the current session was revoked or a refused cookie was sent.",
    required: false,
    schema: stringSchema,
  },
  Challenge: {
    description: 'RFC 6750: `Bearer realm="trax"`, with `error="invalid_token"` when a token (header or cookie) was sent and refused.',
    required: true,
    schema: stringSchema,
    example: 'Bearer realm="trax", error="invalid_token", error_description="The token is expired, revoked or not valid"',
  },
  ScopeChallenge: {
    description: 'With `insufficient_scope`: `Bearer realm="trax", error="insufficient_scope", scope="write"` (RFC 6750).',
    required: false,
    schema: stringSchema,
  },
  RetryAfter: { description: "Seconds to wait before trying again.", required: true, schema: { type: "integer", minimum: 1 }, example: 60 },
  BusyRetryAfter: { description: "Seconds to wait, when the server is busy rather than the database down.", required: false, schema: { type: "integer", minimum: 1 } },
  RateLimitPolicy: {
    description: "The limits this request counts against (draft-ietf-httpapi-ratelimit-headers-09): `q` requests per `w` seconds, one item per policy.",
    required: false,
    schema: stringSchema,
    example: '"signin-ip";q=30;w=900, "signin-account";q=10;w=900',
  },
  RateLimit: {
    description: "What is left of each policy in RateLimit-Policy (draft -09): `r` requests remaining, `t` seconds until it resets.",
    required: false,
    schema: stringSchema,
    example: '"signin-ip";r=29;t=900, "signin-account";r=9;t=900',
  },
  Allow: { description: "The methods this path answers.", required: true, schema: stringSchema, example: "GET, HEAD, OPTIONS" },
};
type HeaderName = keyof typeof HEADERS;

function headerRefs(names: (HeaderName | false | undefined)[]): Record<string, { $ref: string }> {
  const wire: Record<HeaderName, string> = {
    RequestId: REQUEST_ID_HEADER,
    SetSessionCookie: "Set-Cookie",
    SessionCookieUpdate: "Set-Cookie",
    Challenge: "WWW-Authenticate",
    ScopeChallenge: "WWW-Authenticate",
    RetryAfter: "Retry-After",
    BusyRetryAfter: "Retry-After",
    RateLimitPolicy: "RateLimit-Policy",
    RateLimit: "RateLimit",
    Allow: "Allow",
  };
  return Object.fromEntries(names.filter((name): name is HeaderName => Boolean(name)).map((name) => [wire[name], ref("headers", name)]));
}

const quotaHeaders = (quota: boolean | undefined): HeaderName[] => (quota ? ["RateLimitPolicy", "RateLimit"] : []);

function errorHeaders(status: number, codes: ErrorCode[], quota: boolean): HeaderName[] {
  return [
    "RequestId",
    ...(status === 401 ? (["Challenge"] as const) : []),
    ...(codes.includes("unauthenticated") ? (["SessionCookieUpdate"] as const) : []),
    ...(codes.includes("insufficient_scope") ? (["ScopeChallenge"] as const) : []),
    ...(status === 405 ? (["Allow"] as const) : []),
    ...(status === 429 ? (["RetryAfter"] as const) : []),
    ...(status === 503 ? (["BusyRetryAfter"] as const) : []),
    ...quotaHeaders(quota || status === 429),
  ];
}

// Errors a limited operation answers after the request was counted, so with the rate-limit fields.
const AFTER_COUNTING: ErrorCode[] = ["invalid_credentials", "email_unverified", "conflict", "unavailable"];

function carriesQuota(op: OperationSpec, codes: ErrorCode[]): boolean {
  return Boolean(op.quota) && codes.some((code) => AFTER_COUNTING.includes(code));
}

/** Shared error responses: one per set of codes (and whether it carries the rate-limit fields). */
function errorResponseName(status: number, codes: ErrorCode[], quota: boolean): string {
  return `${errorName(codes)}${quota && status !== 429 ? "WithQuota" : ""}`;
}

function errorResponses(): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [, method, op] of allOperations()) {
    for (const [status, codes] of errorsOf(op, method)) {
      const quota = carriesQuota(op, codes);
      responses[errorResponseName(status, codes, quota)] = {
        description: errorDescription(status, codes),
        headers: headerRefs(errorHeaders(status, codes, quota)),
        content: { "application/json": { schema: ref("schemas", `${errorName(codes)}Error`), example: errorExample(codes) } },
      };
    }
  }
  return responses;
}

function successResponse(op: OperationSpec, success: Success, where: string) {
  const cookie: HeaderName | false = success.setsCookie ? "SetSessionCookie" : op.access !== "public" && "SessionCookieUpdate";
  const headers = headerRefs(["RequestId", cookie, ...quotaHeaders(op.quota)]);
  if (!success.schema) return { description: success.description, headers };
  const schema = ref("schemas", nameOf(RESPONSE_NAMES, success.schema, where));
  return {
    description: success.description,
    headers,
    content: { "application/json": { schema, ...(success.example !== undefined && { example: success.example }) } },
  };
}

function responsesOf(op: OperationSpec, method: HttpMethod, where: string): Record<string, unknown> {
  const successes = Object.entries(op.responses).map(([status, success]) => [status, successResponse(op, success, where)]);
  const errors = [...errorsOf(op, method)].map(([status, codes]) => [String(status), ref("responses", errorResponseName(status, codes, carriesQuota(op, codes)))]);
  return Object.fromEntries([...successes, ...errors]);
}

function parameters(where: "path" | "query", shape: z.ZodObject | undefined) {
  return Object.entries(shape?.shape ?? {}).map(([name, field]) => {
    const { $schema: _drop, ...schema } = z.toJSONSchema(field as Schema, {
      target: "draft-2020-12",
      io: "input",
      override: ({ jsonSchema }) => describeDefault(jsonSchema as Record<string, unknown>),
    });
    const { description, ...rest } = schema as Record<string, unknown>;
    const required = where === "path" || !(field as Schema).safeParse(undefined).success;
    return { name, in: where, required, ...(typeof description === "string" && { description }), schema: rest };
  });
}

const ACCESS = {
  public: "",
  read: "Any web session or API token.",
  write: "A web session, or an API token with the `write` scope.",
  web: "A web session only (an API token gets 403 `forbidden`).",
};

function security(op: OperationSpec) {
  if (op.cronSecret) return { security: [{ cronSecret: [] }] };
  return op.access === "public" ? { security: [] } : {};
}

function operation(path: string, method: HttpMethod, op: OperationSpec) {
  const where = `${method.toUpperCase()} ${path}`;
  const description = [op.description, ACCESS[op.access]].filter(Boolean).join(" ");
  const body = op.body && {
    required: true,
    content: { "application/json": { schema: ref("schemas", nameOf(REQUEST_NAMES, op.body, where)), ...(op.bodyExample !== undefined && { example: op.bodyExample }) } },
  };
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(description && { description }),
    ...security(op),
    parameters: [...parameters("path", op.params), ...parameters("query", op.query), ref("parameters", "RequestId")],
    ...(body && { requestBody: body }),
    responses: responsesOf(op, method, where),
  };
}

const INTRO = [
  "Trax's HTTP API. Bodies are JSON (at most 16 KiB); every error is `{ error: { code, message, fields? } }`.",
  "Authenticate with the session cookie, or send a JWT as `Authorization: Bearer <token>`: an API token (`POST /api/tokens`) for scripts.",
  "`HEAD` is answered wherever `GET` is (the same headers, no body); `OPTIONS` answers `204` with `Allow`, and a CORS preflight from an origin in `CORS_ORIGINS` with what it may send.",
  "Browser code on those origins may call with Bearer tokens (never with cookies: no answer allows credentials).",
  "Every answer carries `X-Request-Id`.",
].join(" ");

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, method, op] of allOperations()) (paths[path] ??= {})[method] = operation(path, method, op);
  return {
    openapi: "3.1.0",
    info: { title: "Trax API", version: "1.0.0", description: INTRO, license: { name: "All rights reserved (no license is granted)", identifier: "LicenseRef-All-Rights-Reserved" } },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/", description: "The server this document was fetched from." }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: componentSchemas(),
      responses: errorResponses(),
      parameters: {
        RequestId: {
          name: REQUEST_ID_HEADER,
          in: "header",
          required: false,
          description: "Your own id for this request, kept when well-formed (1–128 of A–Z a–z 0–9 . _ : -); otherwise one is made.",
          schema: requestIdSchema,
        },
      },
      headers: HEADERS,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An API token, or a web session's JWT." },
        cookieAuth: { type: "apiKey", in: "cookie", name: "__Host-trax_session", description: "The web session cookie (`trax_session` in development)." },
        cronSecret: { type: "http", scheme: "bearer", description: "CRON_SECRET, for the scheduled mail drain." },
      },
    },
  };
}

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

export function getOpenApiDocument() {
  cached ??= buildOpenApiDocument();
  return cached;
}
