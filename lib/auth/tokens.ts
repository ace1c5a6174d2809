import type { IncomingMessage } from "node:http";
import type { TokenScope } from "@/lib/platform/generated/prisma/client";
import { describeDevice } from "./device";
import type { SessionJson } from "./schemas";
import { logSecurityEvent } from "./security-log";
import { absoluteEnd, createSession, DAY_MS, type SessionInfo } from "./session";
import { toSessionJson } from "./sessions";

export interface NewApiToken {
  name: string;
  scope: TokenScope;
  expiresInDays: number;
}

/**
 * A named session of kind "api", made by a web session: its JWT is shown once,
 * it never slides, and it ends no later than the web session that made it could
 * (a credential never mints one that outlives it).
 */
export async function createApiToken(
  req: IncomingMessage,
  maker: { userId: string; session: SessionInfo },
  input: NewApiToken,
): Promise<{ token: string; session: SessionJson }> {
  const expiresAt = new Date(Math.min(Date.now() + input.expiresInDays * DAY_MS, absoluteEnd(maker.session.createdAt)));
  const { token, session } = await createSession(maker.userId, {
    kind: "api",
    name: input.name,
    scope: input.scope,
    expiresAt,
    device: describeDevice(req),
  });
  logSecurityEvent(req, "token_created", { userId: maker.userId }, { expiresInDays: input.expiresInDays, scope: input.scope });
  return { token, session: toSessionJson(session, null) };
}
