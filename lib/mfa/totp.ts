import { Secret, TOTP } from "otpauth";
import { enqueueMail } from "@/lib/mail/outbox";
import { getDb, inTransaction } from "@/lib/platform/db";
import { replaceRecoveryCodes, deleteRecoveryCodes } from "./recovery-codes";
import { openSecret, sealSecret } from "./sealed";

const PERIOD_SECONDS = 30;
/** One step either side: a phone clock up to 30 s off still works (RFC 6238 §5.2). */
const DRIFT_STEPS = 1;
const ISSUER = "Trax";

function totpFor(secret: Secret, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD_SECONDS, secret });
}

/** The time step a code at `delta` from now belongs to. */
function stepAt(delta: number, now: number): number {
  return Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

/** Whose factor: the id scopes every query, the email is told of changes. */
export interface Owner {
  id: string;
  email: string;
}

export interface TotpSetup {
  secret: string;
  uri: string;
}

/**
 * A new pending secret (160 random bits, RFC 4226's recommendation) replacing
 * any earlier pending one; null when TOTP is already on (turn it off first).
 */
export async function beginTotpSetup(user: Owner): Promise<TotpSetup | null> {
  const secret = new Secret({ size: 20 });
  const sealed = sealSecret(user.id, secret.base32);
  const db = getDb();
  const existing = await db.totpFactor.findUnique({ where: { userId: user.id }, select: { confirmedAt: true } });
  if (existing?.confirmedAt) return null;
  await db.totpFactor.upsert({
    where: { userId: user.id },
    create: { userId: user.id, secret: sealed },
    update: { secret: sealed, createdAt: new Date(), lastUsedStep: null },
  });
  return { secret: secret.base32, uri: totpFor(secret, user.email).toString() };
}

/** The step `code` belongs to within the drift window of the sealed secret, or null. */
function matchingStep(userId: string, sealed: string, code: string): number | null {
  const now = Date.now();
  const totp = totpFor(Secret.fromBase32(openSecret(userId, sealed)), "");
  const delta = totp.validate({ token: code, timestamp: now, window: DRIFT_STEPS });
  return delta === null ? null : stepAt(delta, now);
}

/**
 * Records `step` as used if no code of it or a later step was accepted before:
 * one conditional UPDATE, so of two requests with the same code only one wins.
 */
async function claimStep(userId: string, step: number, confirmed: boolean): Promise<boolean> {
  const { count } = await getDb().totpFactor.updateMany({
    where: { userId, confirmedAt: confirmed ? { not: null } : null, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  });
  return count === 1;
}

/** Whether `code` is a right, unused code of the user's (confirmed) authenticator app; a right one is then spent. */
export async function verifyTotpCode(userId: string, code: string): Promise<boolean> {
  const factor = await getDb().totpFactor.findFirst({ where: { userId, confirmedAt: { not: null } }, select: { secret: true } });
  if (!factor) return false;
  const step = matchingStep(userId, factor.secret, code);
  return step !== null && (await claimStep(userId, step, true));
}

export type ConfirmResult = { recoveryCodes: string[] } | "nothing_pending" | "wrong_code";

/** The first code turns a pending set-up on and makes the first set of recovery codes. */
export async function confirmTotpSetup({ id: userId, email }: Owner, code: string): Promise<ConfirmResult> {
  const pending = await getDb().totpFactor.findFirst({ where: { userId, confirmedAt: null }, select: { secret: true } });
  if (!pending) return "nothing_pending";
  const step = matchingStep(userId, pending.secret, code);
  if (step === null || !(await claimStep(userId, step, false))) return "wrong_code";
  const recoveryCodes = await inTransaction(async (tx) => {
    await tx.totpFactor.update({ where: { userId }, data: { confirmedAt: new Date() } });
    await enqueueMail(tx, email, "second-factor-changed", { change: "An authenticator app was set up: signing in with your password now also asks for a code from it." });
    return replaceRecoveryCodes(tx, userId);
  });
  return { recoveryCodes };
}

export async function isTotpOn(userId: string): Promise<boolean> {
  return (await getDb().totpFactor.count({ where: { userId, confirmedAt: { not: null } } })) > 0;
}

/** TOTP off and its recovery codes gone; false when it was not on (nor pending). */
export async function disableTotp({ id: userId, email }: Owner): Promise<boolean> {
  return inTransaction(async (tx) => {
    await deleteRecoveryCodes(tx, userId);
    const { count } = await tx.totpFactor.deleteMany({ where: { userId, confirmedAt: { not: null } } });
    await tx.totpFactor.deleteMany({ where: { userId } });
    if (count > 0) await enqueueMail(tx, email, "second-factor-changed", { change: "The authenticator app was removed: signing in no longer asks for a code." });
    return count > 0;
  });
}

/** A new set of recovery codes, or null when TOTP is not on (they belong to it). */
export async function regenerateRecoveryCodes({ id: userId, email }: Owner): Promise<string[] | null> {
  return inTransaction(async (tx) => {
    const on = await tx.totpFactor.count({ where: { userId, confirmedAt: { not: null } } });
    if (on === 0) return null;
    await enqueueMail(tx, email, "second-factor-changed", { change: "A new set of recovery codes was made; the old codes no longer work." });
    return replaceRecoveryCodes(tx, userId);
  });
}
