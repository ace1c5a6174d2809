import { createHash, hkdfSync, timingSafeEqual } from "node:crypto";
import { getEnv } from "./env";

const digest = (value: Buffer | string) => createHash("sha256").update(value).digest();

/** Compares a presented secret with the expected one in constant time, whatever their lengths (digests are equal-sized). */
export function sameSecret(given: Buffer | string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const derived = new Map<string, Buffer>();

/**
 * A 256-bit key of its own for one purpose, derived from JWT_SECRET (HKDF-SHA256):
 * a digest or MAC made with it is worthless for any other purpose, and none of
 * them is ever made with the JWT signing key itself.
 */
export function deriveKey(purpose: string): Buffer {
  let key = derived.get(purpose);
  if (!key) derived.set(purpose, (key = Buffer.from(hkdfSync("sha256", getEnv().JWT_SECRET, "trax", purpose, 32))));
  return key;
}

const encryptionKeys = new Map<string, Buffer>();

/**
 * A 256-bit key for encrypting data at rest for one purpose: derived from
 * ENCRYPTION_KEY when set (so it can differ from the signing key), else from JWT_SECRET.
 */
export function deriveEncryptionKey(purpose: string): Buffer {
  let key = encryptionKeys.get(purpose);
  const env = getEnv();
  if (!key) encryptionKeys.set(purpose, (key = Buffer.from(hkdfSync("sha256", env.ENCRYPTION_KEY ?? env.JWT_SECRET, "trax-at-rest", purpose, 32))));
  return key;
}
