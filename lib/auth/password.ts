import { createHash } from "node:crypto";
import bcrypt from "bcrypt";
import { getEnv } from "@/lib/platform/env";

/**
 * bcrypt reads only the first 72 bytes of its input. Hashing the password
 * with SHA-256 first keeps every byte significant; base64 keeps NUL bytes out.
 */
function preHash(password: string): string {
  return createHash("sha256").update(password, "utf8").digest("base64");
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(preHash(password), getEnv().BCRYPT_COST);
}

let dummyHash: Promise<string> | undefined;

/**
 * Compares against a fixed dummy hash of the configured cost when there is no
 * user, so an unknown email costs the same bcrypt work as a wrong password.
 */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  dummyHash ??= hashPassword("trax-dummy-password-for-timing");
  const matches = await bcrypt.compare(preHash(password), hash ?? (await dummyHash));
  return matches && hash !== null;
}

/** Warms the dummy hash so the first unknown-email sign-in is not faster than the rest. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword("trax-dummy-password-for-timing");
  return dummyHash;
}
