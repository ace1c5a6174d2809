import type { IncomingMessage } from "node:http";
import type { NextApiResponse } from "next";
import { enqueueMail } from "@/lib/mail/outbox";
import { inTransaction } from "@/lib/platform/db";
import { HttpError } from "@/lib/platform/errors";
import type { SignInMethod } from "@/lib/platform/generated/prisma/client";
import { rateLimitHeaders, type Quota } from "@/lib/platform/rate-limit-headers";
import { setSessionCookie } from "./cookies";
import { describeDevice } from "./device";
import { knownDeviceOf, rememberDevice } from "./known-device";
import { queueVerification } from "./email-address";
import { appLink } from "./mail-links";
import { hashNewPassword, hashPassword, verifyPassword } from "./password";
import { afterSignInSuccess, clearSignInFailures, limitSignIn } from "./rate-limit";
import { logSecurityEvent } from "./security-log";
import { createSession } from "./session";
import { findUserByEmail, insertUser, updatePasswordHash, withoutPasswordHash, type NewUser, type PublicUser } from "./users";

/**
 * The user these credentials belong to, within the sign-in limits; equally
 * slow for an unknown email and a wrong password, both a logged 401. A hash
 * made at another cost, or before passwords were normalised, is replaced.
 */
export async function signInWithPassword(req: IncomingMessage, email: string, password: string): Promise<{ user: PublicUser; quotas: Quota[] }> {
  const user = await findUserByEmail(email);
  const knownDevice = user ? knownDeviceOf(req, user.id) : null;
  const quotas = await limitSignIn(req, email, knownDevice);
  const check = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !check.matches) {
    logSecurityEvent(req, "signin_failed", user ? { userId: user.id, email } : { email });
    throw new HttpError(401, "invalid_credentials", "The email or password is incorrect.", { headers: rateLimitHeaders(quotas) });
  }
  if (check.needsRehash) await updatePasswordHash(user.id, await hashPassword(password));
  await clearSignInFailures(email, knownDevice);
  return { user: withoutPasswordHash(user), quotas: afterSignInSuccess(quotas) };
}

/** Opens a web session for the user, sets its cookie, and marks this browser as the user's. */
export async function startWebSession(req: IncomingMessage, res: NextApiResponse, userId: string, method: SignInMethod = "password"): Promise<void> {
  const { session, token } = await createSession(userId, { device: describeDevice(req), method });
  setSessionCookie(res, token, session.expiresAt);
  rememberDevice(req, res, userId);
}

/**
 * Creates the user, their first web session and the verification mail in one
 * transaction: if any cannot be written, no account is left behind that the
 * client was never told about (a retry would otherwise meet a 409).
 */
export async function signUpWithSession(req: IncomingMessage, res: NextApiResponse, input: NewUser): Promise<PublicUser> {
  const { password, ...rest } = input;
  const passwordHash = await hashNewPassword(password, "password");
  const { user, issued } = await inTransaction(async (tx) => {
    const created = await insertUser({ ...rest, passwordHash }, tx);
    await queueVerification(tx, created);
    return { user: created, issued: await createSession(created.id, { device: describeDevice(req), method: "password" }, tx) };
  });
  setSessionCookie(res, issued.token, issued.session.expiresAt);
  rememberDevice(req, res, user.id);
  return user;
}

/**
 * Sign-up under REQUIRE_VERIFIED_EMAIL: no session, and the same work and
 * answer for a new and a registered address. A new account gets a verification
 * link; the owner of a registered one a notice (someone may be probing, or
 * they forgot they had an account).
 */
export async function signUpQuietly(input: NewUser): Promise<void> {
  const { password, email, name } = input;
  const passwordHash = await hashNewPassword(password, "password");
  await inTransaction(async (tx) => {
    const [created] = await tx.user.createManyAndReturn({
      data: [{ email, passwordHash, name: name ?? "" }],
      skipDuplicates: true,
      select: { id: true, email: true },
    });
    if (created) await queueVerification(tx, created);
    else await enqueueMail(tx, email, "signup-existing", { signInLink: appLink("/signin"), resetLink: appLink("/forgot-password") });
  });
}

/** Under REQUIRE_VERIFIED_EMAIL, told only to whoever knew the password. */
export function assertVerified(user: PublicUser): void {
  if (!user.emailVerifiedAt) {
    throw new HttpError(403, "email_unverified", "Confirm your email first: follow the link we mailed you, or reset your password to get a new one.");
  }
}
