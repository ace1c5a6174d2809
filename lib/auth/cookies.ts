import { parse, serialize, type SerializeOptions } from "cookie";
import type { IncomingMessage, ServerResponse } from "node:http";
import { getEnv } from "@/lib/platform/env";

// The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
function cookieName(): string {
  return getEnv().isProduction ? "__Host-trax_session" : "trax_session";
}

function cookieOptions(): SerializeOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: getEnv().isProduction };
}

function appendSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader("Set-Cookie");
  const list = Array.isArray(existing) ? existing : typeof existing === "string" ? [existing] : [];
  res.setHeader("Set-Cookie", [...list.filter((c) => !c.startsWith(`${cookieName()}=`)), cookie]);
}

export function setSessionCookie(res: ServerResponse, token: string, expiresAt: Date): void {
  appendSetCookie(res, serialize(cookieName(), token, { ...cookieOptions(), expires: expiresAt }));
}

export function clearSessionCookie(res: ServerResponse): void {
  appendSetCookie(res, serialize(cookieName(), "", { ...cookieOptions(), expires: new Date(0), maxAge: 0 }));
}

export function readSessionCookie(req: IncomingMessage): string | null {
  const header = req.headers.cookie;
  return header ? (parse(header)[cookieName()] ?? null) : null;
}
