import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { clearSignInChallengeCookie, readSignInChallengeCookie, setSignInChallengeCookie } from "@/lib/auth/cookies";
import { getDb } from "@/lib/platform/db";
import { sweepNow } from "@/lib/platform/sweep";

/** Long enough to open an app and type a code; short enough that a forgotten tab holds nothing. */
const CHALLENGE_MINUTES = 5;

const hashOf = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

function sweepExpiredChallenges(): void {
  sweepNow("signin_challenge", () => getDb().signInChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } }));
}

/**
 * After a right password, when a second factor is on: a random secret in a
 * cookie of its own, its SHA-256 in the database. It opens nothing by itself;
 * only POST /api/signin/mfa reads it. The user's earlier pending ones go.
 */
export async function issueSignInChallenge(res: ServerResponse, userId: string): Promise<void> {
  sweepExpiredChallenges();
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + CHALLENGE_MINUTES * 60_000);
  const db = getDb();
  await db.$transaction([
    db.signInChallenge.deleteMany({ where: { userId } }),
    db.signInChallenge.create({ data: { userId, tokenHash: hashOf(secret), expiresAt } }),
  ]);
  setSignInChallengeCookie(res, secret, expiresAt);
}

export interface PendingSignIn {
  id: string;
  userId: string;
}

/** The live challenge behind the request's cookie, or null. */
export async function findSignInChallenge(req: IncomingMessage): Promise<PendingSignIn | null> {
  const secret = readSignInChallengeCookie(req);
  if (!secret) return null;
  return getDb().signInChallenge.findFirst({
    where: { tokenHash: hashOf(secret), expiresAt: { gt: new Date() } },
    select: { id: true, userId: true },
  });
}

/** Spends the challenge: true for the one request that deletes it, so it opens at most one session. */
export async function finishSignInChallenge(res: ServerResponse, pending: PendingSignIn): Promise<boolean> {
  const { count } = await getDb().signInChallenge.deleteMany({ where: { id: pending.id, userId: pending.userId } });
  clearSignInChallengeCookie(res);
  return count === 1;
}
