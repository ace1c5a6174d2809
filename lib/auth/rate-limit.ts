import { createHmac } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { HttpError } from "@/lib/platform/errors";
import { rateLimitHeaders, type Quota } from "@/lib/platform/rate-limit-headers";
import { deriveKey } from "@/lib/platform/secrets";
import { sweepNow } from "@/lib/platform/sweep";
import { getClientKey } from "./client-ip";
import { logSecurityEvent, type SecurityEvent, type SecuritySubject } from "./security-log";

const FIFTEEN_MINUTES = 15 * 60;
const ONE_HOUR = 60 * 60;
const KEEP_EXPIRED_MS = ONE_HOUR * 1000;

interface Limiters {
  signInFailuresPerAccount: RateLimiterPrisma;
  signInFailuresPerDevice: RateLimiterPrisma;
  reauthFailuresPerSession: RateLimiterPrisma;
  secondFactorFailuresPerAccount: RateLimiterPrisma;
  signInAttemptsPerIp: RateLimiterPrisma;
  passkeyOptionsPerIp: RateLimiterPrisma;
  signUpsPerIp: RateLimiterPrisma;
  mailRequestsPerIp: RateLimiterPrisma;
  mailRequestsPerAddress: RateLimiterPrisma;
}

let limiters: Limiters | undefined;

// Counters live in the database (shared by every instance). The library's own
// sweep timer is off: on serverless a timer may never fire, and in a long-lived
// process it would keep querying a database that has gone away.
function createLimiter(keyPrefix: string, points: number, duration: number): RateLimiterPrisma {
  return new RateLimiterPrisma({
    storeClient: getDb(),
    tableName: "rateLimiterFlexible",
    keyPrefix,
    points,
    duration,
    clearExpiredByTimeout: false,
  });
}

function getLimiters(): Limiters {
  const env = getEnv();
  limiters ??= {
    signInFailuresPerAccount: createLimiter("signin-account", env.SIGNIN_MAX_FAILURES_PER_ACCOUNT, FIFTEEN_MINUTES),
    signInFailuresPerDevice: createLimiter("signin-device", env.SIGNIN_MAX_FAILURES_PER_ACCOUNT, FIFTEEN_MINUTES),
    reauthFailuresPerSession: createLimiter("reauth-session", env.SIGNIN_MAX_FAILURES_PER_ACCOUNT, FIFTEEN_MINUTES),
    secondFactorFailuresPerAccount: createLimiter("mfa-account", env.MFA_MAX_FAILURES_PER_ACCOUNT, FIFTEEN_MINUTES),
    signInAttemptsPerIp: createLimiter("signin-ip", env.SIGNIN_MAX_ATTEMPTS_PER_IP, FIFTEEN_MINUTES),
    // The sign-in page asks for options on every visit (passkey autofill): a budget of its own, 10 visits per attempt.
    passkeyOptionsPerIp: createLimiter("passkey-options-ip", env.SIGNIN_MAX_ATTEMPTS_PER_IP * 10, FIFTEEN_MINUTES),
    signUpsPerIp: createLimiter("signup-ip", env.SIGNUP_MAX_PER_IP, ONE_HOUR),
    mailRequestsPerIp: createLimiter("mail-ip", env.MAIL_REQUESTS_PER_IP, ONE_HOUR),
    mailRequestsPerAddress: createLimiter("mail-address", env.MAIL_REQUESTS_PER_ADDRESS, ONE_HOUR),
  };
  return limiters;
}

/** Deletes counters that expired over an hour ago. */
function sweepExpiredCounters(): void {
  const cutoff = new Date(Date.now() - KEEP_EXPIRED_MS);
  sweepNow("rate_limit", () => getDb().rateLimiterFlexible.deleteMany({ where: { expire: { lt: cutoff } } }));
}

/** What to log when a limit is hit: the event, whom it concerns, and which limit it was. */
interface LimitHit {
  req: IncomingMessage;
  event: SecurityEvent;
  subject: SecuritySubject;
  limit: "ip" | "account" | "device" | "session";
}

function quotaOf(limiter: RateLimiterPrisma, state: RateLimiterRes): Quota {
  return {
    policy: limiter.keyPrefix,
    limit: limiter.points,
    windowSeconds: limiter.duration,
    remaining: state.remainingPoints,
    resetSeconds: state.msBeforeNext / 1000,
  };
}

/**
 * Spends one point and returns what is left; a refusal from the limiter
 * becomes 429 (with the quotas spent before it), a store failure propagates
 * (→ 503). The refusal that hits the limit is logged; the ones after it in the
 * same window are not, so a flood of refused requests is not a flood of lines.
 */
async function spend(limiter: RateLimiterPrisma, key: string, hit: LimitHit, before: Quota[] = []): Promise<Quota> {
  sweepExpiredCounters();
  try {
    return quotaOf(limiter, await limiter.consume(key));
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    if (rejection.consumedPoints === limiter.points + 1) logSecurityEvent(hit.req, hit.event, hit.subject, { limit: hit.limit });
    throw HttpError.rateLimited(rejection.msBeforeNext / 1000, rateLimitHeaders([...before, quotaOf(limiter, rejection)]));
  }
}

// Emails are personal data: the counter table keeps only a keyed digest (a plain
// hash of a guessable email could be reversed by trying candidates).
function accountKey(email: string): string {
  return createHmac("sha256", deriveKey("rate-limit keys v1")).update(email, "utf8").digest("base64url");
}

/**
 * Spends a sign-in attempt and counts it as a failure *before* the password is
 * checked, so parallel guesses cannot all slip past the limit, and a locked
 * account refuses even the right password; a success then clears the count.
 * From a browser its owner signed in from before (`knownDevice`), the attempt
 * counts against that browser's own budget only: a stranger who exhausts the
 * account's budget cannot keep the owner out. Everyone else spends per client
 * IP and per account; unknown emails are counted alike, so a 429 does not tell
 * whether an account exists.
 */
export async function limitSignIn(req: IncomingMessage, email: string, knownDevice: string | null): Promise<Quota[]> {
  const { signInAttemptsPerIp, signInFailuresPerAccount, signInFailuresPerDevice } = getLimiters();
  const hit = { req, event: "signin_rate_limited", subject: { email } } as const;
  if (knownDevice) return [await spend(signInFailuresPerDevice, knownDevice, { ...hit, limit: "device" })];
  const ip = await spend(signInAttemptsPerIp, getClientKey(req), { ...hit, limit: "ip" });
  return [ip, await spend(signInFailuresPerAccount, accountKey(email), { ...hit, limit: "account" }, [ip])];
}

/** The sign-in quotas once the right password cleared the failure budgets: only the per-IP attempts stay spent. */
export function afterSignInSuccess(quotas: Quota[]): Quota[] {
  const { signInFailuresPerAccount, signInFailuresPerDevice } = getLimiters();
  const cleared = new Set([signInFailuresPerAccount.keyPrefix, signInFailuresPerDevice.keyPrefix]);
  return quotas.map((quota) => (cleared.has(quota.policy) ? { ...quota, remaining: quota.limit, resetSeconds: 0 } : quota));
}

/**
 * Re-authentication inside a live session (deleting the account, changing the
 * password or email) has a budget per session: a stolen session cannot guess
 * the password there without end, and a stranger's sign-in failures do not
 * stop the owner's own session.
 */
export async function limitPasswordCheck(req: IncomingMessage, owner: { id: string }, sessionId: string): Promise<void> {
  const hit = { req, event: "signin_rate_limited", subject: { userId: owner.id }, limit: "session" } as const;
  await spend(getLimiters().reauthFailuresPerSession, sessionId, hit);
}

/** After the right password: the failures counted against it start from zero again (OWASP). */
export async function clearSignInFailures(email: string, knownDevice: string | null = null, sessionId: string | null = null): Promise<void> {
  const { signInFailuresPerAccount, signInFailuresPerDevice, reauthFailuresPerSession } = getLimiters();
  await signInFailuresPerAccount.delete(accountKey(email));
  if (knownDevice) await signInFailuresPerDevice.delete(knownDevice);
  if (sessionId) await reauthFailuresPerSession.delete(sessionId);
}

export async function limitSignUp(req: IncomingMessage, email: string): Promise<Quota[]> {
  return [await spend(getLimiters().signUpsPerIp, getClientKey(req), { req, event: "signup_rate_limited", subject: { email }, limit: "ip" })];
}

/**
 * Requests that mail someone (forgotten password, new verification link): per
 * client IP, and per address whether or not it is registered, so a 429 tells
 * nothing and a flood for one address sends a bounded number of mails.
 */
export async function limitMailRequest(req: IncomingMessage, email: string): Promise<Quota[]> {
  const { mailRequestsPerIp, mailRequestsPerAddress } = getLimiters();
  const hit = { req, event: "mail_rate_limited", subject: { email } } as const;
  const ip = await spend(mailRequestsPerIp, getClientKey(req), { ...hit, limit: "ip" });
  return [ip, await spend(mailRequestsPerAddress, accountKey(email), { ...hit, limit: "account" }, [ip])];
}

/**
 * A second-factor code (TOTP or recovery), at sign-in or when confirming a
 * set-up: counted per account before it is checked, like a password, so
 * parallel guesses cannot slip past; a right code clears the count.
 */
export function limitSecondFactor(req: IncomingMessage, userId: string): Promise<Quota> {
  const hit = { req, event: "mfa_rate_limited", subject: { userId }, limit: "account" } as const;
  return spend(getLimiters().secondFactorFailuresPerAccount, userId, hit);
}

export async function clearSecondFactorFailures(userId: string): Promise<void> {
  await getLimiters().secondFactorFailuresPerAccount.delete(userId);
}

/** Passkey request options (each stores a challenge): per client IP, so no one fills the table. */
export function limitPasskeyOptions(req: IncomingMessage): Promise<Quota> {
  const hit = { req, event: "signin_rate_limited", subject: { email: "" }, limit: "ip" } as const;
  return spend(getLimiters().passkeyOptionsPerIp, getClientKey(req), hit);
}

/** A sign-in with no email typed (a passkey): per client IP, from the sign-in budget. */
export function limitAnonymousSignIn(req: IncomingMessage): Promise<Quota> {
  const hit = { req, event: "signin_rate_limited", subject: { email: "" }, limit: "ip" } as const;
  return spend(getLimiters().signInAttemptsPerIp, getClientKey(req), hit);
}
