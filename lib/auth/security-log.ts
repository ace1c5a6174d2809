import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { getEnv } from "@/lib/platform/env";
import { writeLogLine } from "@/lib/platform/log";
import { requestIdOf } from "@/lib/platform/request-id";
import { getClientAddress } from "./client-ip";

// Attempts that failed or were refused are warnings; changes an owner made are notices.
const LEVELS = {
  signin_failed: "warn",
  signin_rate_limited: "warn",
  signup_rate_limited: "warn",
  mail_rate_limited: "warn",
  reauth_failed: "warn",
  mfa_failed: "warn",
  mfa_rate_limited: "warn",
  passkey_signin_failed: "warn",
  totp_enabled: "info",
  totp_disabled: "info",
  recovery_codes_regenerated: "info",
  recovery_code_used: "info",
  passkey_added: "info",
  passkey_removed: "info",
  password_changed: "info",
  account_deleted: "info",
  signed_out: "info",
  session_revoked: "info",
  other_sessions_revoked: "info",
  token_created: "info",
  token_revoked: "info",
} as const;

export type SecurityEvent = keyof typeof LEVELS;

/** Whom an event concerns: a known user, the email that was typed, or both. Neither is logged in clear. */
export type SecuritySubject = { userId: string; email?: string } | { email: string };

let referenceKey: Buffer | undefined;

// A key of its own, derived from JWT_SECRET: a reference means nothing outside
// the logs (the rate-limit table keys emails with JWT_SECRET itself), and
// without the secret it cannot be tied back to an id or an email by guessing.
function reference(kind: "user" | "email", value: string): string {
  referenceKey ??= createHmac("sha256", getEnv().JWT_SECRET).update("trax log references").digest();
  return createHmac("sha256", referenceKey).update(`${kind}:${value}`).digest("base64url").slice(0, 22);
}

function subjectFields(subject: SecuritySubject): Record<string, string> {
  const email = subject.email?.trim().toLowerCase();
  return {
    ...("userId" in subject && { account: reference("user", subject.userId) }),
    ...(email && { login: reference("email", email) }),
  };
}

/**
 * One JSON line per security event, for an operator or a SIEM: the event, the
 * request's id, route and client IP, and keyed references to the account
 * (`account`, from the user id) and to the email typed (`login`).
 */
export function logSecurityEvent(
  req: IncomingMessage,
  event: SecurityEvent,
  subject: SecuritySubject,
  details: Record<string, string | number> = {},
): void {
  writeLogLine(LEVELS[event], {
    category: "security",
    event,
    requestId: requestIdOf(req),
    route: req.url?.split("?")[0],
    ip: getClientAddress(req),
    ...subjectFields(subject),
    ...details,
  });
}
