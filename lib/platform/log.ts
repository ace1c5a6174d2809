import type { NextApiRequest } from "next";
import { failureDetails, type FailureDetails, type HttpError } from "./errors";
import { requestIdOf } from "./request-id";

type Level = "error" | "warn" | "info";

/** Writes one JSON line: every log line of the app goes through here. */
export function writeLogLine(level: Level, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ level, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.info(line);
}

const MAX_MESSAGE_LENGTH = 300;

// Whatever in an error message could be a credential: a JWT, a bearer token, a
// URL's user:password@, a bcrypt hash, and the value after a key such as
// password=, secret: or "token":.
const CREDENTIALS: [RegExp, string][] = [
  [/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, "[jwt]"],
  [/\bbearer\s+\S+/gi, "Bearer [redacted]"],
  [/\/\/[^\s/@]+@/g, "//[redacted]@"],
  [/\$2[aby]?\$\d\d\$[./A-Za-z0-9]{53}/g, "[hash]"],
  [/\b((?:password|passwd|pwd|secret|token|cookie|authorization|api[_-]?key)[\w-]*["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&)]+)/gi, "$1[redacted]"],
];

/** The first line of a message, without anything that looks like a credential, cut to 300 characters. */
export function scrubMessage(message: string): string {
  const line = message.split("\n")[0] ?? "";
  const clean = CREDENTIALS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH)}…` : clean;
}

/** The cause of a failure as a log line carries it: class, codes, and a scrubbed message. */
export function describeFailure(error: unknown): FailureDetails {
  const details = failureDetails(error);
  return { ...details, message: details.message && scrubMessage(details.message) };
}

/**
 * One structured line per failed request, naming its X-Request-Id. Only the
 * path is logged (never the query string, headers or body); a 5xx adds its
 * cause, whose message is scrubbed, since a database's can quote values.
 */
export function logRequestError(req: NextApiRequest, error: HttpError, durationMs: number, cause: unknown): void {
  writeLogLine(error.status >= 500 ? "error" : "warn", {
    requestId: requestIdOf(req),
    method: req.method,
    route: req.url?.split("?")[0],
    status: error.status,
    durationMs: Math.round(durationMs),
    code: error.code,
    ...(error.status >= 500 && { cause: describeFailure(cause) }),
  });
}
