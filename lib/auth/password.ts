import { createHash } from "node:crypto";
import bcrypt from "bcrypt";
import { getEnv } from "@/lib/platform/env";
import { HttpError } from "@/lib/platform/errors";
import { createWorkQueue, type WorkQueue } from "@/lib/platform/work-queue";
import { isCommonPassword } from "./common-passwords";

/**
 * bcrypt reads only the first 72 bytes of its input. Hashing the password
 * with SHA-256 first keeps every byte significant; base64 keeps NUL bytes out.
 */
function preHash(password: string): string {
  return createHash("sha256").update(password, "utf8").digest("base64");
}

// NFKC: the same password typed on another keyboard or input method (composed
// or decomposed accents, full-width forms) is the same password.
const normalized = (password: string) => password.normalize("NFKC");

let queue: WorkQueue | undefined;

// Each bcrypt call holds a libuv thread for its whole run; unbounded, a flood
// of sign-ins queues every other thread-pool job (WebCrypto, fs) behind it.
function hashingQueue(): WorkQueue {
  const { BCRYPT_CONCURRENCY, BCRYPT_QUEUE_LIMIT } = getEnv();
  queue ??= createWorkQueue({ concurrency: BCRYPT_CONCURRENCY, queueLimit: BCRYPT_QUEUE_LIMIT });
  return queue;
}

function hashAtCost(password: string, cost: number): Promise<string> {
  return hashingQueue().run(() => bcrypt.hash(preHash(password), cost));
}

export function hashPassword(password: string): Promise<string> {
  return hashAtCost(normalized(password), getEnv().BCRYPT_COST);
}

/** A password someone is choosing now (sign-up, change, reset): refused when it is a common or breached one (ASVS 6.2.4). */
export function hashNewPassword(password: string, field: string): Promise<string> {
  if (isCommonPassword(password)) {
    throw HttpError.validation({ [field]: "This password is on a list of common or leaked passwords. Choose another." });
  }
  return hashPassword(password);
}

const dummyHashes = new Map<number, Promise<string>>();

/** A hash of a password nobody has, per cost: what an unknown email and the padding below compare with. */
function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) dummyHashes.set(cost, (hash = hashAtCost("trax-dummy-password-for-timing", cost)));
  return hash;
}

/**
 * One comparison that costs what one at BCRYPT_COST costs, whatever cost the
 * stored hash was made with below it: bcrypt's work doubles per cost step, so
 * compares at costs c … C−1 after one at cost c add up to one at cost C. (A
 * hash made above BCRYPT_COST cannot be made cheaper; it is rehashed down at
 * its owner's next sign-in.)
 */
async function compareAtConfiguredCost(input: string, stored: string): Promise<boolean> {
  const matches = await hashingQueue().run(() => bcrypt.compare(preHash(input), stored));
  for (let cost = bcrypt.getRounds(stored); cost < getEnv().BCRYPT_COST; cost++) {
    const padding = await dummyHash(cost);
    await hashingQueue().run(() => bcrypt.compare(preHash(input), padding));
  }
  return matches;
}

export interface PasswordCheck {
  matches: boolean;
  /** The password was right but its hash is not what hashPassword makes today: store a new one. */
  needsRehash: boolean;
}

/**
 * Compares against a dummy hash of the configured cost when there is no user,
 * so an unknown email costs the same bcrypt work as a wrong password. Hashes
 * made before passwords were normalised match the password as typed.
 */
export async function verifyPassword(password: string, hash: string | null): Promise<PasswordCheck> {
  const stored = hash ?? (await dummyHash(getEnv().BCRYPT_COST));
  const candidates = [...new Set([normalized(password), password])];
  for (const [index, candidate] of candidates.entries()) {
    if ((await compareAtConfiguredCost(candidate, stored)) && hash !== null) {
      return { matches: true, needsRehash: index > 0 || bcrypt.getRounds(hash) !== getEnv().BCRYPT_COST };
    }
  }
  return { matches: false, needsRehash: false };
}

/** Warms the dummy hash so the first unknown-email sign-in is not faster than the rest. */
export function prepareDummyHash(): Promise<string> {
  return dummyHash(getEnv().BCRYPT_COST);
}
