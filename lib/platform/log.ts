import type { NextApiRequest } from "next";
import type { HttpError } from "./errors";
import { requestIdOf } from "./request-id";

/**
 * One structured line per failed request. Only the path is logged (never the
 * query string, headers or body), so no password, token or cookie can leak.
 */
export function logRequestError(req: NextApiRequest, error: HttpError, durationMs: number, cause: unknown): void {
  const line = {
    level: error.status >= 500 ? "error" : "warn",
    requestId: requestIdOf(req),
    method: req.method,
    route: req.url?.split("?")[0],
    status: error.status,
    durationMs: Math.round(durationMs),
    code: error.code,
    ...(error.status === 500 && { cause: cause instanceof Error ? cause.name : typeof cause }),
  };
  (error.status >= 500 ? console.error : console.warn)(JSON.stringify(line));
}
