import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { getEnv } from "@/lib/platform/env";

/** Eight 16-bit groups of an IPv6 address, however it was spelled (compressed, upper case, an IPv4 tail). */
function ipv6Groups(address: string): number[] {
  const [head = "", tail = ""] = address.split("::");
  const parse = (part: string) => (part ? part.split(":").flatMap(groupsOf) : []);
  const left = parse(head);
  const right = address.includes("::") ? parse(tail) : [];
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function groupsOf(piece: string): number[] {
  if (!piece.includes(".")) return [parseInt(piece, 16)];
  const [a = 0, b = 0, c = 0, d = 0] = piece.split(".").map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

const hex = (groups: number[]) => groups.map((group) => group.toString(16)).join(":");

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d, in any spelling) is that IPv4 address. */
function mappedIpv4(groups: number[]): string | null {
  if (!groups.slice(0, 5).every((group) => group === 0) || groups[5] !== 0xffff) return null;
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** One spelling per address: IPv4 as given (isIP accepts only the dotted-decimal form), IPv6 fully expanded. */
function canonical(address: string | undefined): string | null {
  const trimmed = address?.trim().replace(/%.*$/, "") ?? "";
  const version = isIP(trimmed);
  if (version === 4) return trimmed;
  if (version !== 6) return null;
  const groups = ipv6Groups(trimmed.toLowerCase());
  return mappedIpv4(groups) ?? hex(groups);
}

/** x-forwarded-for is "client, proxy1, proxy2", each proxy appending the address it saw: only the entries our proxies wrote are trusted. */
function forwardedFor(req: IncomingMessage, hops: number): string | undefined {
  const raw = req.headers["x-forwarded-for"];
  const entries = (Array.isArray(raw) ? raw.join(",") : (raw ?? "")).split(",");
  return entries.length >= hops ? entries[entries.length - hops] : undefined;
}

function forwardedAddress(req: IncomingMessage): string | null {
  const { TRUST_PROXY, TRUST_PROXY_HOPS } = getEnv();
  if (TRUST_PROXY === "x-forwarded-for") return canonical(forwardedFor(req, TRUST_PROXY_HOPS));
  if (TRUST_PROXY === "x-real-ip") {
    const raw = req.headers["x-real-ip"];
    return canonical(Array.isArray(raw) ? raw[0] : raw);
  }
  return null;
}

/**
 * The client's address, canonical. Forwarded headers are client-supplied
 * unless a proxy in front overwrites or appends to them, so they are read only
 * when TRUST_PROXY names one; otherwise, and when the header is missing or not
 * an IP, the socket's peer address counts.
 */
export function getClientAddress(req: IncomingMessage): string | null {
  return forwardedAddress(req) ?? canonical(req.socket.remoteAddress);
}

/**
 * What per-client limits count: the address, except that an IPv6 client is its
 * /64 (one end site is handed a /64, and can pick any address inside it).
 */
export function getClientKey(req: IncomingMessage): string {
  const address = getClientAddress(req);
  if (!address?.includes(":")) return address ?? "unknown";
  return `${address.split(":").slice(0, 4).join(":")}::/64`;
}
