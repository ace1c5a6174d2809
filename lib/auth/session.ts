import { getDb, type DbClient } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import type { SessionKind, SignInMethod, TokenScope } from "@/lib/platform/generated/prisma/client";
import { queryPrepared } from "@/lib/platform/prepared-query";
import { sweepNow } from "@/lib/platform/sweep";
import type { Device } from "./device";
import { signSessionToken, verifySessionToken, type SessionClaims } from "./jwt";
import type { PublicUser } from "./users";

export const DAY_MS = 24 * 60 * 60 * 1000;
// lastUsedAt is kept to the minute, so a busy session is not a write per request.
const LAST_USED_RESOLUTION_MS = 60 * 1000;
// Dead sessions are kept a week (a revoked token then still finds its row), then deleted.
const KEEP_DEAD_SESSIONS_MS = 7 * DAY_MS;

export const sessionSelect = {
  id: true,
  kind: true,
  name: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  scope: true,
  deviceBrowser: true,
  deviceOs: true,
  deviceIp: true,
  method: true,
} as const;

export interface SessionInfo {
  id: string;
  kind: SessionKind;
  name: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  /** An API token's scope; null for a web session, which is not limited by one. */
  scope: TokenScope | null;
  deviceBrowser: string | null;
  deviceOs: string | null;
  deviceIp: string | null;
  /** How a web session was opened (password, password and TOTP, recovery code, passkey); null for an API token. */
  method: SignInMethod | null;
}

export interface IssuedSession {
  session: SessionInfo;
  token: string;
}

export interface ValidSession {
  user: PublicUser;
  session: SessionInfo;
  /** Set when a web session slid forward: the caller re-issues the cookie. */
  renewedToken: string | null;
}

/** The furthest a web session opened at `createdAt` may ever reach, however it slides. */
export function absoluteEnd(createdAt: Date): number {
  return createdAt.getTime() + getEnv().SESSION_MAX_DAYS * DAY_MS;
}

/** Where a web session's expiry slides to when used now: a full SESSION_DAYS ahead, never past its absolute end. */
function slidExpiry(createdAt: Date, now: number): number {
  return Math.min(now + getEnv().SESSION_DAYS * DAY_MS, absoluteEnd(createdAt));
}

function sweepDeadSessions(): void {
  const cutoff = new Date(Date.now() - KEEP_DEAD_SESSIONS_MS);
  sweepNow("session", () =>
    getDb().session.deleteMany({ where: { OR: [{ expiresAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] } }),
  );
}

export interface NewSession {
  device: Device;
  kind?: SessionKind;
  name?: string;
  scope?: TokenScope;
  method?: SignInMethod;
  /** When it ends; a web session by default: SESSION_DAYS from now. */
  expiresAt?: Date;
}

export async function createSession(userId: string, options: NewSession, db: DbClient = getDb()): Promise<IssuedSession> {
  sweepDeadSessions();
  const now = new Date();
  const expiresAt = options.expiresAt ?? new Date(slidExpiry(now, now.getTime()));
  const { browser, os, ip } = options.device;
  const session = await db.session.create({
    data: {
      userId,
      kind: options.kind ?? "web",
      name: options.name ?? "",
      scope: options.scope ?? null,
      createdAt: now,
      expiresAt,
      deviceBrowser: browser,
      deviceOs: os,
      deviceIp: ip,
      method: options.method ?? null,
    },
    select: sessionSelect,
  });
  const token = await signSessionToken({ userId, sessionId: session.id }, expiresAt);
  return { session, token };
}

/** A web session slides once used after half of SESSION_DAYS, while its absolute end still leaves room to. */
function needsSlide(session: SessionInfo, now: number): boolean {
  if (session.kind !== "web") return false;
  const remaining = session.expiresAt.getTime() - now;
  return remaining < (getEnv().SESSION_DAYS * DAY_MS) / 2 && slidExpiry(session.createdAt, now) > session.expiresAt.getTime();
}

async function touchSession(session: SessionInfo, userId: string): Promise<ValidSession["renewedToken"]> {
  const now = Date.now();
  const slide = needsSlide(session, now);
  if (!slide && now - session.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return null;
  const expiresAt = slide ? new Date(slidExpiry(session.createdAt, now)) : session.expiresAt;
  const lastUsedAt = new Date(now);
  // updateMany: a session deleted meanwhile (account deletion) is not an error here.
  await getDb().session.updateMany({ where: { id: session.id }, data: { lastUsedAt, expiresAt } });
  Object.assign(session, { lastUsedAt, expiresAt });
  return slide ? signSessionToken({ userId, sessionId: session.id }, expiresAt) : null;
}

interface SessionUserRow extends SessionInfo {
  revokedAt: Date | null;
  userEmail: string;
  userName: string;
  userCreatedAt: Date;
  userEmailVerifiedAt: Date | null;
  userTotpConfirmedAt: Date | null;
  userPasskeys: number;
}

const SESSION_WITH_USER = `
  SELECT s.id, s.kind::text AS kind, s.name, s."createdAt", s."lastUsedAt", s."expiresAt", s."revokedAt",
         s.scope::text AS scope, s."deviceBrowser", s."deviceOs", s."deviceIp", s.method::text AS method,
         u.email AS "userEmail", u.name AS "userName", u."createdAt" AS "userCreatedAt",
         u."emailVerifiedAt" AS "userEmailVerifiedAt", t."confirmedAt" AS "userTotpConfirmedAt",
         (SELECT count(*)::int FROM "Passkey" p WHERE p."userId" = u.id) AS "userPasskeys"
  FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "TotpFactor" t ON t."userId" = u.id
  WHERE s.id = $1 AND s."userId" = $2`;

/**
 * One round trip: the session, scoped to the token's user, joined with that
 * user. It runs on every authenticated request, so it goes around Prisma (on
 * the same pool): Prisma's per-query work cost more than the query, and a named
 * prepared statement spares Postgres re-planning it each time (bench/RESULTS.md).
 */
async function findSessionWithUser({ sessionId, userId }: SessionClaims): Promise<SessionUserRow | null> {
  const rows = await queryPrepared<SessionUserRow>("trax_session_with_user", SESSION_WITH_USER, [sessionId, userId]);
  return rows[0] ?? null;
}

/** Signature first, then one indexed lookup of the session with its user. */
export async function validateSessionToken(token: string): Promise<ValidSession | null> {
  const claims = await verifySessionToken(token);
  if (!claims) return null;
  const row = await findSessionWithUser(claims);
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
  // A web session that slid before SESSION_MAX_DAYS existed may hold an expiry past its absolute end.
  if (row.kind === "web" && absoluteEnd(row.createdAt) <= Date.now()) return null;
  const { revokedAt: _revoked, userEmail, userName, userCreatedAt, userEmailVerifiedAt, userTotpConfirmedAt, userPasskeys, ...session } = row;
  const user: PublicUser = {
    id: claims.userId,
    email: userEmail,
    name: userName,
    createdAt: userCreatedAt,
    emailVerifiedAt: userEmailVerifiedAt,
    totpFactor: userTotpConfirmedAt ? { confirmedAt: userTotpConfirmedAt } : null,
    _count: { passkeys: userPasskeys },
  };
  const renewedToken = await touchSession(session, user.id);
  return { user, session, renewedToken };
}
