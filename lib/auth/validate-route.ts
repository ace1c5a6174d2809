import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextApiHandler, NextApiRequest, NextApiResponse } from "next";
import { HttpError } from "@/lib/platform/errors";
import { BEARER_CHALLENGE, route, type Handler, type Method } from "@/lib/platform/http";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "./cookies";
import { assertSameOrigin } from "./csrf";
import { validateSessionToken, type SessionInfo } from "./session";
import type { PublicUser } from "./users";

export interface Auth {
  user: PublicUser;
  session: SessionInfo;
}

export type AuthedHandler = (req: NextApiRequest, res: NextApiResponse, auth: Auth) => Promise<void>;

interface Credential {
  token: string;
  source: "cookie" | "bearer";
}

function readCredential(req: IncomingMessage): Credential | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  if (bearer) return { token: bearer, source: "bearer" };
  const cookie = readSessionCookie(req);
  return cookie ? { token: cookie, source: "cookie" } : null;
}

/** The session behind a request's cookie or Bearer token, or null: for API routes and getServerSideProps alike. */
export async function authenticate(req: IncomingMessage, res: ServerResponse): Promise<Auth | null> {
  const credential = readCredential(req);
  if (!credential) return null;
  if (credential.source === "cookie") assertSameOrigin(req);
  const valid = await validateSessionToken(credential.token);
  if (!valid) {
    if (credential.source === "cookie") clearSessionCookie(res);
    return null;
  }
  if (valid.renewedToken && credential.source === "cookie") {
    setSessionCookie(res, valid.renewedToken, valid.session.expiresAt);
  }
  return { user: valid.user, session: valid.session };
}

/**
 * Who may call a handler besides a web session: "read", every API token;
 * "write", tokens with the write scope; "web", no API token (the contract's
 * sensitive operations).
 */
export type Access = "read" | "write" | "web";

/** Sensitive operations (the contract's list) take a web session, never an API token. */
export function requireWebSession({ session }: Auth): void {
  if (session.kind !== "web") throw new HttpError(403, "forbidden", "Do this from a signed-in browser session, not with an API token.");
}

function assertAccess(auth: Auth, access: Access): void {
  if (access === "web") return requireWebSession(auth);
  if (access === "write" && auth.session.kind === "api" && auth.session.scope !== "write") {
    throw new HttpError(403, "insufficient_scope", "This token has the read scope; this needs a token with the write scope.", {
      headers: { "WWW-Authenticate": `${BEARER_CHALLENGE}, error="insufficient_scope", scope="write"` },
    });
  }
}

/**
 * No credential: a bare challenge. A credential sent and refused (expired,
 * revoked, forged; in the header or the cookie, which hold the same JWT):
 * RFC 6750's invalid_token, so a script knows to get a new one.
 */
function unauthenticated(req: IncomingMessage): HttpError {
  const challenge = readCredential(req)
    ? `${BEARER_CHALLENGE}, error="invalid_token", error_description="The token is expired, revoked or not valid"`
    : BEARER_CHALLENGE;
  return new HttpError(401, "unauthenticated", "Sign in to continue.", { headers: { "WWW-Authenticate": challenge } });
}

/** Protects a route: the handler runs only with a live session allowed `access`, and gets its user. */
export function validateRoute(handler: AuthedHandler, access: Access = "web"): Handler {
  return async (req, res) => {
    const auth = await authenticate(req, res);
    if (!auth) throw unauthenticated(req);
    assertAccess(auth, access);
    await handler(req, res, auth);
  };
}

interface OpenHandler {
  access: Exclude<Access, "web">;
  handler: AuthedHandler;
}

/** Lets API tokens of `access` call a handler that is not a GET (those are open to every token already). */
export function openTo(access: OpenHandler["access"], handler: AuthedHandler): OpenHandler {
  return { access, handler };
}

/**
 * route() with every method behind validateRoute: the shape of every protected
 * API route. A GET is open to every credential; any other method is for web
 * sessions only unless wrapped in openTo(), so a new route is closed to tokens
 * until someone decides otherwise.
 */
export function authedRoute(handlers: Partial<Record<Method, AuthedHandler | OpenHandler>>): NextApiHandler {
  const guarded: Partial<Record<Method, Handler>> = {};
  for (const [method, entry] of Object.entries(handlers) as [Method, AuthedHandler | OpenHandler][]) {
    const { handler, access } = typeof entry === "function" ? { handler: entry, access: method === "GET" ? "read" : "web" } : entry;
    guarded[method] = validateRoute(handler, access as Access);
  }
  return route(guarded);
}
