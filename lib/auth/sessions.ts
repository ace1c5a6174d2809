import type { IncomingMessage } from "node:http";
import { getDb, type DbClient } from "@/lib/platform/db";
import type { SessionKind } from "@/lib/platform/generated/prisma/client";
import type { SessionJson } from "./schemas";
import { logSecurityEvent } from "./security-log";
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
    scope: session.scope,
    device: { browser: session.deviceBrowser, os: session.deviceOs, ip: session.deviceIp },
    method: session.method,
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

/** The kind of the live session revoked, or null when the user has no such one (someone else's included). */
async function revokeLiveSession(userId: string, sessionId: string): Promise<SessionKind | null> {
  const [revoked] = await getDb().session.updateManyAndReturn({
    where: { ...liveSessionsOf(userId), id: sessionId },
    data: { revokedAt: new Date() },
    select: { kind: true },
  });
  return revoked?.kind ?? null;
}

/** Revokes one of the user's live sessions or API tokens; false when they have no such one. */
export async function revokeOwnSession(req: IncomingMessage, userId: string, sessionId: string): Promise<boolean> {
  const kind = await revokeLiveSession(userId, sessionId);
  if (kind) logSecurityEvent(req, kind === "api" ? "token_revoked" : "session_revoked", { userId });
  return kind !== null;
}

export async function signOut(req: IncomingMessage, userId: string, sessionId: string): Promise<void> {
  await revokeLiveSession(userId, sessionId);
  logSecurityEvent(req, "signed_out", { userId });
}

export function revokeOtherSessionsQuery(userId: string, currentId: string, db: DbClient = getDb()) {
  return db.session.updateMany({
    where: { userId, revokedAt: null, id: { not: currentId } },
    data: { revokedAt: new Date() },
  });
}

export async function revokeOtherSessions(req: IncomingMessage, userId: string, currentId: string): Promise<void> {
  const { count } = await revokeOtherSessionsQuery(userId, currentId);
  logSecurityEvent(req, "other_sessions_revoked", { userId }, { revokedSessions: count });
}
