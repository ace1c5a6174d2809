import type { ServerResponse } from "node:http";

/**
 * How much of a limit is left, as the RateLimit and RateLimit-Policy fields of
 * draft-ietf-httpapi-ratelimit-headers-09: structured-field lists with one item
 * per policy, e.g. `RateLimit-Policy: "signin-ip";q=30;w=900` and
 * `RateLimit: "signin-ip";r=29;t=900`.
 */
export interface Quota {
  /** The policy's name (a token a client can match between the two fields). */
  policy: string;
  limit: number;
  windowSeconds: number;
  remaining: number;
  resetSeconds: number;
}

export function rateLimitHeaders(quotas: Quota[]): Record<string, string> {
  if (quotas.length === 0) return {};
  return {
    "RateLimit-Policy": quotas.map((q) => `"${q.policy}";q=${q.limit};w=${q.windowSeconds}`).join(", "),
    RateLimit: quotas.map((q) => `"${q.policy}";r=${Math.max(0, q.remaining)};t=${Math.max(0, Math.ceil(q.resetSeconds))}`).join(", "),
  };
}

export function setRateLimitHeaders(res: ServerResponse, quotas: Quota[]): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(quotas))) res.setHeader(name, value);
}
