import type { IncomingMessage } from "node:http";
import { enqueueMail } from "@/lib/mail/outbox";
import { inTransaction, type DbClient } from "@/lib/platform/db";
import { HttpError } from "@/lib/platform/errors";
import { assertPassword, type Reauth } from "./account";
import { invalidToken, tokenLink } from "./mail-links";
import { consumeToken, HOUR_MS, issueToken } from "./one-time-tokens";
import { publicUserSelect, type PublicUser } from "./users";

const ADDRESS_LINK_MS = 24 * HOUR_MS;

/** Queues a verification link for the user's current address (in the caller's transaction). */
export async function queueVerification(tx: DbClient, user: { id: string; email: string }): Promise<void> {
  const token = await issueToken(tx, { userId: user.id, kind: "email_verification", email: user.email, lifetimeMs: ADDRESS_LINK_MS });
  await enqueueMail(tx, user.email, "email-verification", { link: tokenLink("/verify-email", token) });
}

/** A new link for the current address; nothing when it is already verified. */
export async function resendVerification(userId: string): Promise<void> {
  await inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, emailVerifiedAt: true } });
    if (user && !user.emailVerifiedAt) await queueVerification(tx, user);
  });
}

/**
 * Mails a link to the new address (or, when it belongs to another account, a
 * notice that tells its owner nothing was changed) and a notice to the current
 * one. The answer is the same either way; nothing changes until the link is followed.
 */
export async function requestEmailChange(
  req: IncomingMessage,
  reauth: Reauth,
  { password, newEmail }: { password: string; newEmail: string },
): Promise<void> {
  await assertPassword(req, reauth, password, "password");
  const { owner } = reauth;
  if (newEmail === owner.email) throw HttpError.validation({ email: "That is already your email." });
  await inTransaction(async (tx) => {
    const taken = await tx.user.findUnique({ where: { email: newEmail }, select: { id: true } });
    if (taken) {
      await enqueueMail(tx, newEmail, "email-taken", {});
    } else {
      const token = await issueToken(tx, { userId: owner.id, kind: "email_change", email: newEmail, lifetimeMs: ADDRESS_LINK_MS });
      await enqueueMail(tx, newEmail, "email-change", { link: tokenLink("/verify-email", token), newEmail });
    }
    await enqueueMail(tx, owner.email, "email-change-requested", { newEmail });
  });
}

async function applyEmailChange(tx: DbClient, userId: string, oldEmail: string, newEmail: string): Promise<PublicUser> {
  // The address taken meanwhile: P2002, a 409, and the transaction (with the token's use) rolled back.
  const user = await tx.user.update({ where: { id: userId }, data: { email: newEmail, emailVerifiedAt: new Date() }, select: publicUserSelect });
  // Links mailed to the old address die with it.
  await tx.oneTimeToken.deleteMany({ where: { userId, usedAt: null } });
  await enqueueMail(tx, oldEmail, "email-changed", { newEmail });
  return user;
}

/** Follows a verification or email-change link. */
export async function verifyEmailToken(token: string): Promise<PublicUser> {
  return inTransaction(async (tx) => {
    const used = await consumeToken(tx, token, ["email_verification", "email_change"]);
    const current = used && (await tx.user.findUnique({ where: { id: used.userId }, select: { email: true } }));
    if (!used || !current) throw invalidToken();
    if (used.kind === "email_change") return applyEmailChange(tx, used.userId, current.email, used.email);
    if (used.email !== current.email) throw invalidToken();
    return tx.user.update({ where: { id: used.userId }, data: { emailVerifiedAt: new Date() }, select: publicUserSelect });
  });
}
