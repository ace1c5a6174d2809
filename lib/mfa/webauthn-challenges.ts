import { getDb } from "@/lib/platform/db";
import type { WebAuthnPurpose } from "@/lib/platform/generated/prisma/client";
import { sweepNow } from "@/lib/platform/sweep";

/** How long a browser may take over a ceremony (the options' timeout says the same). */
export const CEREMONY_MS = 5 * 60_000;

function sweepExpired(): void {
  sweepNow("webauthn_challenge", () => getDb().webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } }));
}

/** Keeps a challenge handed to a browser, in the database: any instance may get the answer. */
export async function rememberChallenge(challenge: string, purpose: WebAuthnPurpose, userId: string | null): Promise<void> {
  sweepExpired();
  await getDb().webAuthnChallenge.create({ data: { challenge, purpose, userId, expiresAt: new Date(Date.now() + CEREMONY_MS) } });
}

/**
 * True once for a live challenge of this purpose (and user): it is deleted as
 * it is checked, so an answer cannot be replayed, nor raced twice.
 */
export async function consumeChallenge(challenge: string, purpose: WebAuthnPurpose, userId: string | null): Promise<boolean> {
  const { count } = await getDb().webAuthnChallenge.deleteMany({
    where: { challenge, purpose, userId, expiresAt: { gt: new Date() } },
  });
  return count === 1;
}
