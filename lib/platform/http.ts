import type { NextApiHandler, NextApiRequest, NextApiResponse } from "next";
import type { z } from "zod";
import { allowedOriginOf, isPreflight, setCorsHeaders, setPreflightHeaders } from "./cors";
import { toHttpError, HttpError, type ErrorBody } from "./errors";
import { logRequestError } from "./log";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id";

export const MAX_BODY_BYTES = 16 * 1024;
/** No route's body is nested deeper than a few levels; deeper is refused before anything walks it. */
export const MAX_BODY_DEPTH = 32;

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Handler = (req: NextApiRequest, res: NextApiResponse) => Promise<void>;

export function sendJson(res: NextApiResponse, status: number, body: unknown): void {
  res.status(status).setHeader("Cache-Control", "no-store").json(body);
}

export function sendNoContent(res: NextApiResponse): void {
  res.status(204).setHeader("Cache-Control", "no-store").end();
}

/** RFC 9110: every 401 names a scheme to authenticate with; auth adds RFC 6750's error where a token was refused. */
export const BEARER_CHALLENGE = 'Bearer realm="trax"';

function sendError(res: NextApiResponse, error: HttpError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  if (error.status === 401 && !res.hasHeader("WWW-Authenticate")) res.setHeader("WWW-Authenticate", BEARER_CHALLENGE);
  const body: ErrorBody = { error: { code: error.code, message: error.message, ...(error.fields && { fields: error.fields }) } };
  sendJson(res, error.status, body);
}

/** The methods a route answers: its own, HEAD wherever GET is, and OPTIONS. */
function answeredMethods(handlers: Partial<Record<Method, Handler>>): string[] {
  const own = Object.keys(handlers);
  return [...own, ...(own.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}

/** OPTIONS: the Allow list; for a CORS preflight from an allowed origin, what it may send too. */
function answerOptions(req: NextApiRequest, res: NextApiResponse, methods: string[]): void {
  if (isPreflight(req) && !allowedOriginOf(req)) {
    throw new HttpError(403, "forbidden_origin", "This origin is not allowed to call the API (CORS_ORIGINS).");
  }
  if (isPreflight(req)) setPreflightHeaders(res, methods);
  res.setHeader("Allow", methods.join(", "));
  sendNoContent(res);
}

function handlerFor(handlers: Partial<Record<Method, Handler>>, method: string | undefined): Handler | undefined {
  return handlers[(method === "HEAD" ? "GET" : method) as Method];
}

/**
 * The one wrapper every API route goes through: names the request (X-Request-Id),
 * applies the CORS policy, dispatches on method (HEAD as GET, whose body Node
 * leaves out; OPTIONS; 405 with Allow otherwise), and turns anything thrown
 * into the contract's error shape.
 */
export function route(handlers: Partial<Record<Method, Handler>>): NextApiHandler {
  const methods = answeredMethods(handlers);
  const allow = methods.join(", ");
  return async (req, res) => {
    const started = performance.now();
    res.setHeader(REQUEST_ID_HEADER, requestIdOf(req));
    setCorsHeaders(req, res);
    try {
      if (req.method === "OPTIONS") return answerOptions(req, res, methods);
      const handler = handlerFor(handlers, req.method);
      if (!handler) throw new HttpError(405, "method_not_allowed", `Use ${allow}.`, { headers: { Allow: allow } });
      await handler(req, res);
    } catch (thrown) {
      const error = toHttpError(thrown);
      logRequestError(req, error, performance.now() - started, thrown);
      if (!res.headersSent) sendError(res, error);
    }
  };
}

async function readBody(req: NextApiRequest): Promise<string> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) throw HttpError.payloadTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.length;
      if (size > MAX_BODY_BYTES) throw HttpError.payloadTooLarge();
      chunks.push(buffer);
    }
  } catch (thrown) {
    if (thrown instanceof HttpError) throw thrown;
    // The client went away mid-body (a closed tab, a killed script): its fault, not ours.
    throw new HttpError(400, "validation_failed", "The request body ended before it was complete.");
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Whether JSON text opens more than `max` arrays or objects inside one another (strings skipped), without parsing it. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") {
      if (++depth > max) return true;
    } else if (char === "}" || char === "]") depth--;
  }
  return false;
}

function isJsonContentType(header: string | undefined): boolean {
  const type = header?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json" || (type?.startsWith("application/") === true && type.endsWith("+json"));
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join(".") || "body"] ??= issue.message;
  return fields;
}

// NUL, and UTF-16 halves that are not pairs: Postgres text cannot hold the
// first, and the second would silently become U+FFFD on the way in.
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Paths of the strings that could not be stored as given, wherever they sit in the input. */
function unstorableStrings(value: unknown, path: string[] = []): string[] {
  if (typeof value === "string") return UNSTORABLE_TEXT.test(value) ? [path.join(".") || "body"] : [];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => unstorableStrings(child, [...path, key]));
}

export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const unstorable = unstorableStrings(input);
  if (unstorable.length > 0) {
    throw HttpError.validation(Object.fromEntries(unstorable.map((field) => [field, "Use text without NUL characters or broken Unicode."])));
  }
  const result = schema.safeParse(input);
  if (!result.success) throw HttpError.validation(fieldErrors(result.error));
  return result.data;
}

/** Path (and query) parameters, validated like a body: a bad one is a 400. */
export function parseParams<S extends z.ZodType>(req: NextApiRequest, schema: S): z.output<S> {
  return validate(schema, req.query);
}

/**
 * Reads and validates a JSON object body: 415 for another content type, 413
 * past 16 KiB, 400 for malformed JSON, a non-object or a schema failure.
 * Routes using it turn off Next's body parser (`config.api.bodyParser`).
 */
export async function parseBody<S extends z.ZodType>(req: NextApiRequest, schema: S): Promise<z.output<S>> {
  if (!isJsonContentType(req.headers["content-type"])) {
    throw new HttpError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  const text = await readBody(req);
  if (nestsDeeperThan(text, MAX_BODY_DEPTH)) {
    throw new HttpError(400, "validation_failed", `The body is nested more than ${MAX_BODY_DEPTH} levels deep.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "validation_failed", "The body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "validation_failed", "The body must be a JSON object.");
  }
  return validate(schema, value);
}

/** Next's own parser would answer 400/413 in its own shape; parseBody answers in ours. */
export const rawBodyConfig = { api: { bodyParser: false } } as const;
