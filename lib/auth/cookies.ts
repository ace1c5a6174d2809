import { parse, serialize, type SerializeOptions } from "cookie";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getEnv } from "@/lib/platform/env";

type CookieKind = "session" | "device" | "mfa";

// The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
function cookieName(kind: CookieKind): string {
  return `${getEnv().isProduction ? "__Host-" : ""}trax_${kind}`;
}

function cookieOptions(): SerializeOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: getEnv().isProduction };
}

function appendSetCookie(res: ServerResponse, kind: CookieKind, cookie: string): void {
  const existing = res.getHeader("Set-Cookie");
  const list = Array.isArray(existing) ? existing : typeof existing === "string" ? [existing] : [];
  res.setHeader("Set-Cookie", [...list.filter((c) => !c.startsWith(`${cookieName(kind)}=`)), cookie]);
}

function readCookie(req: IncomingMessage, kind: CookieKind): string | null {
  const header = req.headers.cookie;
  return header ? (parse(header)[cookieName(kind)] ?? null) : null;
}

function setCookie(res: ServerResponse, kind: CookieKind, value: string, expiresAt: Date): void {
  appendSetCookie(res, kind, serialize(cookieName(kind), value, { ...cookieOptions(), expires: expiresAt }));
}

function clearCookie(res: ServerResponse, kind: CookieKind): void {
  appendSetCookie(res, kind, serialize(cookieName(kind), "", { ...cookieOptions(), expires: new Date(0), maxAge: 0 }));
}

export function setSessionCookie(res: ServerResponse, token: string, expiresAt: Date): void {
  setCookie(res, "session", token, expiresAt);
}

export function clearSessionCookie(res: ServerResponse): void {
  clearCookie(res, "session");
}

export function readSessionCookie(req: IncomingMessage): string | null {
  return readCookie(req, "session");
}

/** The known-device cookie outlives sign-out on purpose: it marks the browser, not a session. */
export function setDeviceCookie(res: ServerResponse, value: string, expiresAt: Date): void {
  setCookie(res, "device", value, expiresAt);
}

export function readDeviceCookie(req: IncomingMessage): string | null {
  return readCookie(req, "device");
}

/**
 * The second-factor step of a sign-in (a right password, no session yet): a
 * cookie of its own name, so no route that reads the session cookie ever sees
 * it; it lives only as long as the step may take.
 */
export function setSignInChallengeCookie(res: ServerResponse, value: string, expiresAt: Date): void {
  setCookie(res, "mfa", value, expiresAt);
}

export function clearSignInChallengeCookie(res: ServerResponse): void {
  clearCookie(res, "mfa");
}

export function readSignInChallengeCookie(req: IncomingMessage): string | null {
  return readCookie(req, "mfa");
}
