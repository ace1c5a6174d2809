import { randomBytes } from "node:crypto";

/** The request header proxy.ts hands a page's nonce to pages/_document.tsx in. */
export const NONCE_HEADER = "x-nonce";

export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * A page's policy: scripts run only with this response's nonce (Next puts it
 * on each of its own scripts, the inline bootstrap included), never inline or
 * eval'd code an attacker wrote. `next dev` also needs 'unsafe-eval' (React
 * Refresh) and a websocket for HMR, there only. style-src allows inline
 * styles, which Next's built-in error pages use; styles cannot run code.
 */
export function pagePolicy(nonce: string): string {
  // NODE_ENV is inlined by Next's build: only `next dev` runs with "development".
  const isDev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${isDev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
