import { getDb, type DbClient } from "@/lib/platform/db";
import type { SessionJson } from "./schemas";
import { sessionSelect, type SessionInfo } from "./session";

export function toSessionJson(session: SessionInfo, currentId: string | null): SessionJson {
  return {
    id: session.id,
    kind: session.kind,
    name: session.name,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    current: session.id === currentId,
  };
}

/** Only live sessions: not revoked and not expired. */
function liveSessionsOf(userId: string) {
  return { userId, revokedAt: null, expiresAt: { gt: new Date() } };
}

export async function listSessions(userId: string, currentId: string): Promise<SessionJson[]> {
  const sessions = await getDb().session.findMany({
    where: liveSessionsOf(userId),
    orderBy: [{ lastUsedAt: "desc" }, { id: "asc" }],
    select: sessionSelect,
  });
  return sessions.map((session) => toSessionJson(session, currentId));
}

/** False when the user has no such live session (someone else's included). */
export async function revokeOwnSession(userId: string, sessionId: string): Promise<boolean> {
  const { count } = await getDb().session.updateMany({
    where: { ...liveSessionsOf(userId), id: sessionId },
    data: { revokedAt: new Date() },
  });
  return count > 0;
}

export function revokeOtherSessionsQuery(userId: string, currentId: string, db: DbClient = getDb()) {
  return db.session.updateMany({
    where: { userId, revokedAt: null, id: { not: currentId } },
    data: { revokedAt: new Date() },
  });
}

export async function revokeOtherSessions(userId: string, currentId: string): Promise<void> {
  await revokeOtherSessionsQuery(userId, currentId);
}
