import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: Buffer | string) => createHash("sha256").update(value).digest();

/** Compares a presented secret with the expected one in constant time, whatever their lengths (digests are equal-sized). */
export function sameSecret(given: Buffer | string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
