import type { IncomingMessage } from "node:http";
import { enqueueMail } from "@/lib/mail/outbox";
import { getDb, inTransaction } from "@/lib/platform/db";
import { HttpError } from "@/lib/platform/errors";
import type { UserJson } from "./schemas";
import { hashNewPassword, verifyPassword } from "./password";
import { toUserJson } from "./serialize";
import { clearSignInFailures, limitPasswordCheck } from "./rate-limit";
import { logSecurityEvent } from "./security-log";
import { revokeOtherSessionsQuery } from "./sessions";
import { findPasswordHash, publicUserSelect, type PublicUser } from "./users";

type AccountOwner = Pick<PublicUser, "id" | "email">;

/** Whoever re-authenticates: the account, and the session it is done from (its budget of wrong passwords). */
export interface Reauth {
  owner: AccountOwner;
  sessionId: string;
}

/** A wrong password on a signed-in account action: a field error, not a sign-out (401). */
function wrongPassword(field: string): HttpError {
  return HttpError.validation({ [field]: "The password is incorrect." });
}

export async function assertPassword(req: IncomingMessage, { owner, sessionId }: Reauth, password: string, field: string): Promise<void> {
  await limitPasswordCheck(req, owner, sessionId);
  const { matches } = await verifyPassword(password, await findPasswordHash(owner.id));
  if (!matches) {
    logSecurityEvent(req, "reauth_failed", { userId: owner.id });
    throw wrongPassword(field);
  }
  await clearSignInFailures(owner.email, null, sessionId);
}

export async function renameUser(userId: string, name: string): Promise<UserJson> {
  const user = await getDb().user.update({ where: { id: userId }, data: { name }, select: publicUserSelect });
  return toUserJson(user);
}

/** The user and everything of theirs (sessions, playlists and their songs), in one transaction. */
export async function deleteAccount(req: IncomingMessage, reauth: Reauth, password: string): Promise<void> {
  await assertPassword(req, reauth, password, "password");
  const userId = reauth.owner.id;
  const db = getDb();
  await db.$transaction([
    db.playlistSong.deleteMany({ where: { playlist: { userId } } }),
    db.playlist.deleteMany({ where: { userId } }),
    db.session.deleteMany({ where: { userId } }),
    db.user.deleteMany({ where: { id: userId } }),
  ]);
  logSecurityEvent(req, "account_deleted", { userId });
}

/** New hash, every other session revoked and the owner told, together; the caller's session stays. */
export async function changePassword(req: IncomingMessage, reauth: Reauth, { current, next }: { current: string; next: string }): Promise<void> {
  await assertPassword(req, reauth, current, "currentPassword");
  const { owner, sessionId: currentSessionId } = reauth;
  const userId = owner.id;
  const passwordHash = await hashNewPassword(next, "newPassword");
  const revoked = await inTransaction(async (tx) => {
    const { email } = await tx.user.update({ where: { id: userId }, data: { passwordHash }, select: { email: true } });
    await enqueueMail(tx, email, "password-changed", {});
    return revokeOtherSessionsQuery(userId, currentSessionId, tx);
  });
  logSecurityEvent(req, "password_changed", { userId }, { revokedSessions: revoked.count });
}
