import type { IncomingMessage, ServerResponse } from "node:http";
import { getEnv } from "./env";

/**
 * Cross-origin access for browser code on the origins in CORS_ORIGINS, with
 * Bearer tokens only: no response ever allows credentials, so a browser never
 * sends or reads cookies cross-origin (and cookie writes stay behind the CSRF check).
 */
export const CORS_ALLOWED_HEADERS = ["Authorization", "Content-Type", "X-Request-Id"];
export const CORS_EXPOSED_HEADERS = ["X-Request-Id", "Retry-After", "RateLimit", "RateLimit-Policy", "WWW-Authenticate", "Allow"];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** The request's Origin when CORS_ORIGINS lists it, else null. */
export function allowedOriginOf(req: IncomingMessage): string | null {
  const origin = req.headers.origin;
  return origin && getEnv().CORS_ORIGINS.includes(origin) ? origin : null;
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === "OPTIONS" && typeof req.headers.origin === "string" && typeof req.headers["access-control-request-method"] === "string";
}

/** On every API answer: caches keep one copy per Origin, and an allowed origin may read it. */
export function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Vary", "Origin");
  const origin = allowedOriginOf(req);
  if (!origin) return;
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Access-Control-Expose-Headers", CORS_EXPOSED_HEADERS.join(", "));
}

/** What a preflight from an allowed origin is told it may send. */
export function setPreflightHeaders(res: ServerResponse, methods: string[]): void {
  res.setHeader("Access-Control-Allow-Methods", methods.join(", "));
  res.setHeader("Access-Control-Allow-Headers", CORS_ALLOWED_HEADERS.join(", "));
  res.setHeader("Access-Control-Max-Age", String(PREFLIGHT_MAX_AGE_SECONDS));
}
