import type { IncomingMessage } from "node:http";
import { getEnv } from "@/lib/platform/env";
import { HttpError } from "@/lib/platform/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Same host as the request names, and the scheme the site is served with (APP_URL's): http://host is another origin than https://host. */
function isCrossSite(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin) {
    try {
      const { host, protocol } = new URL(origin);
      return host !== req.headers.host || protocol !== new URL(getEnv().APP_URL).protocol;
    } catch {
      return true; // "null" and other opaque origins
    }
  }
  return req.headers["sec-fetch-site"] === "cross-site";
}

/**
 * Browsers attach cookies to cross-site requests; their Origin (or, without
 * one, Sec-Fetch-Site) tells us. Bearer callers never reach this check.
 */
export function assertSameOrigin(req: IncomingMessage): void {
  if (SAFE_METHODS.has(req.method ?? "GET")) return;
  if (isCrossSite(req)) {
    throw new HttpError(403, "forbidden_origin", "This request came from another site and was refused.");
  }
}
