import { enqueueMail } from "@/lib/mail/outbox";
import { inTransaction } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { invalidToken, tokenLink } from "./mail-links";
import { consumeToken, issueToken } from "./one-time-tokens";
import { hashNewPassword } from "./password";
import { clearSignInFailures } from "./rate-limit";

/**
 * Queues a reset link when the address is registered, and does nothing else
 * otherwise: the caller answers the same either way, and delivery happens after
 * the response, so neither the body nor the time tells the two apart.
 */
export async function requestPasswordReset(email: string): Promise<void> {
  const minutes = getEnv().RESET_TOKEN_MINUTES;
  await inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true } });
    if (!user) return;
    const token = await issueToken(tx, { userId: user.id, kind: "password_reset", email: user.email, lifetimeMs: minutes * 60_000 });
    await enqueueMail(tx, user.email, "password-reset", { link: tokenLink("/reset-password", token), minutes });
  });
}

/**
 * Sets the new password from a reset link. Every session and API token goes
 * (whoever held them may be why the password was forgotten), the address
 * counts as verified (the link reached it), and the account's sign-in lockout
 * is lifted so the owner can sign in at once.
 */
export async function resetPassword(token: string, password: string): Promise<void> {
  const passwordHash = await hashNewPassword(password, "password");
  const email = await inTransaction(async (tx) => {
    const used = await consumeToken(tx, token, ["password_reset"]);
    const user = used && (await tx.user.findUnique({ where: { id: used.userId }, select: { email: true, emailVerifiedAt: true } }));
    // A link mailed to an address the account no longer has is dead.
    if (!used || !user || user.email !== used.email) throw invalidToken();
    const now = new Date();
    await tx.user.update({ where: { id: used.userId }, data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now } });
    await tx.session.updateMany({ where: { userId: used.userId, revokedAt: null }, data: { revokedAt: now } });
    await enqueueMail(tx, user.email, "password-changed", {});
    return user.email;
  });
  await clearSignInFailures(email);
}
