import type { IncomingMessage } from "node:http";
import { HttpError } from "@/lib/platform/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function isCrossSite(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin) {
    try {
      return new URL(origin).host !== req.headers.host;
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
