import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

// A caller's id goes verbatim into a response header and into log lines, so
// only a short run of characters that can forge neither is kept.
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

const ids = new WeakMap<IncomingMessage, string>();

function wellFormed(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && WELL_FORMED.test(value) ? value : undefined;
}

/**
 * The request's id, the same however often it is asked for: the caller's own
 * well-formed X-Request-Id, else the x-vercel-id Vercel sends its functions
 * (so a line can be matched with Vercel's logs), else a fresh UUID.
 */
export function requestIdOf(req: IncomingMessage): string {
  let id = ids.get(req);
  if (id === undefined) {
    id = wellFormed(req.headers["x-request-id"]) ?? wellFormed(req.headers["x-vercel-id"]) ?? randomUUID();
    ids.set(req, id);
  }
  return id;
}

export const REQUEST_ID_HEADER = "X-Request-Id";
export const REQUEST_ID_PATTERN = WELL_FORMED.source;
