import { createHash, randomBytes } from "node:crypto";
import type { DbClient } from "@/lib/platform/db";
import { getDb } from "@/lib/platform/db";
import type { OneTimeTokenKind } from "@/lib/platform/generated/prisma/client";
import { sweepNow } from "@/lib/platform/sweep";

export const HOUR_MS = 60 * 60 * 1000;
const KEEP_DEAD_TOKENS_MS = 24 * HOUR_MS;

/** 256 random bits; only their SHA-256 reaches the database (a fast hash suffices for that much entropy). */
function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

function hashOf(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export interface IssueOptions {
  userId: string;
  kind: OneTimeTokenKind;
  /** The address the link is mailed to. */
  email: string;
  lifetimeMs: number;
}

function sweepDeadTokens(): void {
  const cutoff = new Date(Date.now() - KEEP_DEAD_TOKENS_MS);
  sweepNow("one_time_token", () => getDb().oneTimeToken.deleteMany({ where: { expiresAt: { lt: cutoff } } }));
}

/** A new link's secret; the user's older unused links of this kind stop working. */
export async function issueToken(tx: DbClient, { userId, kind, email, lifetimeMs }: IssueOptions): Promise<string> {
  sweepDeadTokens();
  const secret = newSecret();
  await tx.oneTimeToken.deleteMany({ where: { userId, kind, usedAt: null } });
  await tx.oneTimeToken.create({ data: { userId, kind, email, tokenHash: hashOf(secret), expiresAt: new Date(Date.now() + lifetimeMs) } });
  return secret;
}

export interface ConsumedToken {
  userId: string;
  kind: OneTimeTokenKind;
  email: string;
}

/**
 * Marks the token used and returns whom it was for, or null when it is
 * unknown, used, expired or of another kind. One conditional UPDATE: of two
 * concurrent uses, the second waits on the row and then finds it used.
 */
export async function consumeToken(tx: DbClient, secret: string, kinds: OneTimeTokenKind[]): Promise<ConsumedToken | null> {
  const now = new Date();
  const rows = await tx.$queryRaw<ConsumedToken[]>`
    UPDATE "OneTimeToken" SET "usedAt" = ${now}
    WHERE "tokenHash" = ${hashOf(secret)} AND "usedAt" IS NULL AND "expiresAt" > ${now}
      AND kind::text = ANY(${kinds})
    RETURNING "userId", kind::text AS kind, email`;
  return rows[0] ?? null;
}
