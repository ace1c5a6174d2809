import type { IncomingMessage } from "node:http";
import type { SessionJson } from "./schemas";
import { logSecurityEvent } from "./security-log";
import { createSession, DAY_MS } from "./session";
import { toSessionJson } from "./sessions";

export interface NewApiToken {
  name: string;
  expiresInDays: number;
}

/** A named session of kind "api": its JWT is shown once, and it never slides. */
export async function createApiToken(req: IncomingMessage, userId: string, input: NewApiToken): Promise<{ token: string; session: SessionJson }> {
  const { token, session } = await createSession(userId, {
    kind: "api",
    name: input.name,
    lifetimeMs: input.expiresInDays * DAY_MS,
  });
  logSecurityEvent(req, "token_created", { userId }, { expiresInDays: input.expiresInDays });
  return { token, session: toSessionJson(session, null) };
}
