import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "@/lib/platform/schemas";
import type { HttpMethod, OperationSpec } from "./routes";

/** What each code means to a caller, and a message of the kind it carries. */
const MEANINGS: Record<ErrorCode, [meaning: string, message: string]> = {
  validation_failed: ["The body, a parameter or a password is not valid (`fields` names each field)", "Some fields are not valid."],
  invalid_token: ["The mailed link's token is unknown, used, replaced or expired", "This link is not valid: it was used, replaced or has expired."],
  unauthenticated: ["No credential, or one that is expired, revoked or not valid (see WWW-Authenticate)", "Sign in to continue."],
  invalid_credentials: ["The email or the password is wrong (the same answer for both)", "The email or password is incorrect."],
  invalid_code: ["The second-factor code is wrong or used", "That code is not valid."],
  forbidden_origin: ["A cookie-authenticated write from another site's browser", "This request came from another site and was refused."],
  forbidden: ["A sensitive operation, which needs a web session, not an API token", "Do this from a signed-in browser session, not with an API token."],
  insufficient_scope: ["The token's scope is `read`; this needs `write`", "This token has the read scope; this needs a token with the write scope."],
  email_unverified: ["REQUIRE_VERIFIED_EMAIL is on and the address is not verified yet", "Confirm your email first."],
  not_found: ["It does not exist, or belongs to another user", "That resource was not found."],
  method_not_allowed: ["The path does not answer this method (Allow lists those it does)", "Use GET, HEAD, OPTIONS."],
  conflict: ["It already exists (the email is taken)", "That already exists."],
  payload_too_large: ["The body is over 16 KiB", "The body is larger than 16 KiB."],
  unsupported_media_type: ["The body is not sent as application/json", "Send the body as application/json."],
  rate_limited: ["Too many attempts: wait Retry-After seconds", "Too many attempts. Try again in 60 seconds."],
  unavailable: ["The database does not answer (nothing was half-written), or the server is busy", "The service is temporarily unavailable. Try again shortly."],
};

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  503: "Service Unavailable",
};

type Errors = Map<number, Set<ErrorCode>>;

function add(errors: Errors, status: number, ...codes: ErrorCode[]): void {
  const known = errors.get(status) ?? new Set<ErrorCode>();
  for (const code of codes) known.add(code);
  errors.set(status, known);
}

function addAccessErrors(errors: Errors, op: OperationSpec, method: HttpMethod): void {
  if (op.access === "public") return;
  add(errors, 401, "unauthenticated");
  if (method !== "get") add(errors, 403, "forbidden_origin");
  if (op.access === "web") add(errors, 403, "forbidden");
  if (op.access === "write") add(errors, 403, "insufficient_scope");
}

/** Every error an operation can answer, by status, its codes in the contract's order. */
export function errorsOf(op: OperationSpec, method: HttpMethod): Map<number, ErrorCode[]> {
  const errors: Errors = new Map();
  if (op.body) add(errors, 400, "validation_failed");
  if (op.body) add(errors, 413, "payload_too_large");
  if (op.body) add(errors, 415, "unsupported_media_type");
  if (op.params || op.query) add(errors, 400, "validation_failed");
  if (op.checksOrigin) add(errors, 403, "forbidden_origin");
  addAccessErrors(errors, op, method);
  add(errors, 405, "method_not_allowed");
  if (op.quota) add(errors, 429, "rate_limited");
  if (!op.noDatabase) add(errors, 503, "unavailable");
  for (const [status, codes] of Object.entries(op.errors ?? {})) add(errors, Number(status), ...(codes ?? []));
  const ordered = [...errors].sort(([a], [b]) => a - b);
  return new Map(ordered.map(([status, codes]) => [status, ERROR_CODES.filter((code) => codes.has(code))]));
}

const pascal = (code: string) => code.replace(/(^|_)([a-z])/g, (_, _sep: string, letter: string) => letter.toUpperCase());

/** A component name for a set of codes: ["unauthenticated"] → "Unauthenticated", two → "AOrB". */
export function errorName(codes: ErrorCode[]): string {
  return codes.map(pascal).join("Or");
}

/** The contract's error body, its code one of these. */
export function errorSchemaFor(codes: ErrorCode[]): z.ZodType {
  const fields = z.record(z.string(), z.string()).meta({ description: "Field → what is wrong with it." });
  return z.object({
    error: z.object({
      code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
      message: z.string().meta({ description: "For a person; may change." }),
      ...(codes.includes("validation_failed") ? { fields: fields.optional() } : {}),
    }),
  });
}

export function errorDescription(status: number, codes: ErrorCode[]): string {
  return [`${REASONS[status] ?? `HTTP ${status}`}.`, ...codes.map((code) => `\`${code}\`: ${MEANINGS[code][0]}.`)].join(" ");
}

export function errorExample(codes: ErrorCode[]) {
  const [code = "validation_failed"] = codes;
  const fields = code === "validation_failed" ? { fields: { name: "Enter a name." } } : {};
  return { error: { code, message: MEANINGS[code][1], ...fields } };
}
