import type { IncomingMessage } from "node:http";
import { getEnv } from "@/lib/platform/env";
import { HttpError } from "@/lib/platform/errors";
import { sameSecret } from "@/lib/platform/secrets";

/**
 * The scheduler's call (Vercel Cron sends `Authorization: Bearer $CRON_SECRET`).
 * Without CRON_SECRET configured nobody gets in.
 */
export function assertCronCaller(req: IncomingMessage): void {
  const secret = getEnv().CRON_SECRET;
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  if (!secret || !sent || !sameSecret(sent, secret)) {
    throw new HttpError(401, "unauthenticated", "Send the scheduler's secret as a Bearer token.", {
      headers: { "WWW-Authenticate": "Bearer" },
    });
  }
}
