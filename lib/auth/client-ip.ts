import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { getEnv } from "@/lib/platform/env";

function normalize(address: string | undefined): string | null {
  const trimmed = address?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return trimmed && isIP(trimmed) ? trimmed.toLowerCase() : null;
}

function forwardedAddress(req: IncomingMessage, header: "x-forwarded-for" | "x-real-ip"): string | null {
  const raw = req.headers[header];
  const value = Array.isArray(raw) ? raw[0] : raw;
  // x-forwarded-for is "client, proxy1, proxy2": the first hop is the client as the trusted proxy saw it.
  return normalize(header === "x-forwarded-for" ? value?.split(",")[0] : value);
}

/**
 * The address rate limits are keyed by. Forwarded headers are client-supplied
 * unless a proxy in front overwrites them (Vercel does), so they are read only
 * when TRUST_PROXY names one; otherwise, and when the header is missing or not
 * an IP, the socket's peer address counts.
 */
export function getClientIp(req: IncomingMessage): string {
  const header = getEnv().TRUST_PROXY;
  const forwarded = header ? forwardedAddress(req, header) : null;
  return forwarded ?? normalize(req.socket.remoteAddress) ?? "unknown";
}
