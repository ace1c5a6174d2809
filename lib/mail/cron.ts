import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { getEnv } from "@/lib/platform/env";
import { HttpError } from "@/lib/platform/errors";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * The scheduler's call (Vercel Cron sends `Authorization: Bearer $CRON_SECRET`).
 * Without CRON_SECRET configured nobody gets in; digests keep the comparison
 * constant-time whatever the lengths.
 */
export function assertCronCaller(req: IncomingMessage): void {
  const secret = getEnv().CRON_SECRET;
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  if (!secret || !sent || !timingSafeEqual(digest(sent), digest(secret))) {
    throw new HttpError(401, "unauthenticated", "Send the scheduler's secret as a Bearer token.", {
      headers: { "WWW-Authenticate": "Bearer" },
    });
  }
}
