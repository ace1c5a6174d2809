import { createHmac, randomInt } from "node:crypto";
import { getDb, type DbClient } from "@/lib/platform/db";
import { deriveKey, sameSecret } from "@/lib/platform/secrets";
import { RECOVERY_CODE_COUNT } from "./schemas";

// No 0/o, 1/l/i: a code copied from paper by hand is read back right.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const LENGTH = 10;

/** About 49 bits each: far past guessing within the rate limit, and short enough to type. */
function newCode(): string {
  return Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

/** How a code is shown: two groups of five. */
function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Keyed, and bound to the owner: a leaked table cannot be tried offline, nor a hash moved to another account. */
function hashOf(userId: string, normalized: string): string {
  return createHmac("sha256", deriveKey("recovery codes v1")).update(`${userId}:${normalized}`, "utf8").digest("base64url");
}

/** A new set for the user; the old one stops working. Returns the codes, to be shown once. */
export async function replaceRecoveryCodes(tx: DbClient, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashOf(userId, code) })) });
  return codes.map(formatCode);
}

export async function deleteRecoveryCodes(tx: DbClient, userId: string): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
}

/** Every unused code is compared, in constant time, whichever matches: the time tells nothing of which or whether. */
function matchingCode(unused: { id: string; codeHash: string }[], presented: string): string | null {
  let match: string | null = null;
  for (const { id, codeHash } of unused) if (sameSecret(presented, codeHash)) match = id;
  return match;
}

/**
 * Spends a recovery code (`normalized`: as recoveryCodeSchema leaves it).
 * Returns how many are left, or null when it is not one of the user's unused
 * codes. The conditional update makes a code good for one sign-in even when two race.
 */
export async function spendRecoveryCode(userId: string, normalized: string): Promise<number | null> {
  const db = getDb();
  const unused = await db.recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
  const id = matchingCode(unused, hashOf(userId, normalized));
  if (!id) return null;
  const { count } = await db.recoveryCode.updateMany({ where: { id, userId, usedAt: null }, data: { usedAt: new Date() } });
  return count === 1 ? unused.length - 1 : null;
}
