import type { ServerResponse } from "node:http";
import { getDb, type DbClient } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { sweepNow } from "@/lib/platform/sweep";
import { seal, unseal } from "./sealed";
import { mailSender } from "./transport";
import { renderMail, type MailTemplates, type TemplateName } from "./templates";

// Longer than the transport's timeouts together: a claim outlives any one send.
const LOCK_SECONDS = 120;
const MAX_BACKOFF_SECONDS = 60 * 60;
const BATCH = 20;
const KEEP_SENT_MS = 7 * 24 * 60 * 60 * 1000;

interface ClaimedMail {
  id: string;
  to: string;
  template: string;
  payload: string;
  attempts: number;
}

export interface DrainResult {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Queues a mail in the caller's transaction, so it exists exactly when what it
 * announces (a token, a change) was committed.
 */
export async function enqueueMail<K extends TemplateName>(db: DbClient, to: string, template: K, data: MailTemplates[K]): Promise<void> {
  await db.outboxMail.create({ data: { to, template, payload: seal(data), nextAttemptAt: new Date() } });
}

/**
 * Takes due mail for this instance: one statement, and rows another instance is
 * claiming are skipped (SKIP LOCKED) while the ones it claimed carry a lock
 * date the condition then refuses, so no mail is handed to two senders.
 */
async function claimDue(limit: number): Promise<ClaimedMail[]> {
  const now = new Date();
  const lockedUntil = new Date(now.getTime() + LOCK_SECONDS * 1000);
  return getDb().$queryRaw<ClaimedMail[]>`
    UPDATE "OutboxMail" SET "lockedUntil" = ${lockedUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM "OutboxMail"
      WHERE "sentAt" IS NULL AND "failedAt" IS NULL AND "nextAttemptAt" <= ${now}
        AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now})
      ORDER BY "nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, "to", template, payload, attempts`;
}

function backoffSeconds(attempts: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, getEnv().MAIL_RETRY_SECONDS * 2 ** (attempts - 1));
}

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 500);
}

async function markSent(mail: ClaimedMail): Promise<void> {
  await getDb().outboxMail.update({
    where: { id: mail.id },
    data: { sentAt: new Date(), payload: "", lockedUntil: null, lastError: null },
  });
}

/** Another attempt later, or, past MAIL_MAX_ATTEMPTS, failed for good (an operator sees it). */
async function markFailed(mail: ClaimedMail, error: unknown): Promise<"retrying" | "failed"> {
  const giveUp = mail.attempts >= getEnv().MAIL_MAX_ATTEMPTS;
  const now = Date.now();
  await getDb().outboxMail.update({
    where: { id: mail.id },
    data: {
      lockedUntil: null,
      lastError: describeFailure(error),
      ...(giveUp ? { failedAt: new Date(now) } : { nextAttemptAt: new Date(now + backoffSeconds(mail.attempts) * 1000) }),
    },
  });
  console.warn(JSON.stringify({ level: "warn", event: "mail_delivery_failed", mail: mail.id, attempts: mail.attempts, giveUp }));
  return giveUp ? "failed" : "retrying";
}

async function deliver(mail: ClaimedMail): Promise<"delivered" | "retrying" | "failed"> {
  try {
    const data = unseal(mail.payload) as MailTemplates[TemplateName];
    await mailSender()(mail.to, renderMail(mail.template as TemplateName, data as never));
  } catch (error) {
    return markFailed(mail, error);
  }
  await markSent(mail);
  return "delivered";
}

function sweepOutbox(): void {
  const cutoff = new Date(Date.now() - KEEP_SENT_MS);
  sweepNow("outbox", () => getDb().outboxMail.deleteMany({ where: { sentAt: { lt: cutoff } } }));
}

/** Sends what is due, a batch at a time, until nothing due is left unclaimed. */
export async function drainOutbox(): Promise<DrainResult> {
  sweepOutbox();
  const result: DrainResult = { delivered: 0, retrying: 0, failed: 0 };
  for (;;) {
    const claimed = await claimDue(BATCH);
    for (const mail of claimed) result[await deliver(mail)] += 1;
    if (claimed.length < BATCH) return result;
  }
}

export interface OutboxStatus {
  queued: number;
  failed: number;
  oldestQueuedAt: string | null;
}

/** What an operator needs at a glance: mail waiting, and mail given up on. */
export async function outboxStatus(): Promise<OutboxStatus> {
  const db = getDb();
  const waiting = { sentAt: null, failedAt: null };
  const [queued, failed, oldest] = await Promise.all([
    db.outboxMail.count({ where: waiting }),
    db.outboxMail.count({ where: { failedAt: { not: null } } }),
    db.outboxMail.findFirst({ where: waiting, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
  ]);
  return { queued, failed, oldestQueuedAt: oldest?.createdAt.toISOString() ?? null };
}

let running: Promise<void> | null = null;
let again = false;

/** One drain per process at a time; a request that queues more during one asks for another pass. */
function drainInBackground(): void {
  if (running) {
    again = true;
    return;
  }
  running = drainOutbox()
    .then(() => undefined)
    .catch(() => console.warn(JSON.stringify({ level: "warn", event: "mail_drain_failed" })))
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        drainInBackground();
      }
    });
}

/**
 * Delivery starts once the response has gone, so its timing never depends on
 * the mail server or on whether mail was queued. What an instance frozen or
 * stopped right after does not finish, the scheduled drain route picks up.
 */
export function deliverAfterResponse(res: ServerResponse): void {
  res.once("finish", drainInBackground);
}
