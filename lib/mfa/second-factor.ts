import type { IncomingMessage } from "node:http";
import type { NextApiResponse } from "next";
import { startWebSession } from "@/lib/auth/credentials";
import { clearSecondFactorFailures, limitSecondFactor } from "@/lib/auth/rate-limit";
import { logSecurityEvent } from "@/lib/auth/security-log";
import { findPublicUser, type PublicUser } from "@/lib/auth/users";
import { enqueueMail } from "@/lib/mail/outbox";
import { getDb } from "@/lib/platform/db";
import { HttpError } from "@/lib/platform/errors";
import { spendRecoveryCode } from "./recovery-codes";
import type { SecondFactorMethod } from "./schemas";
import { findSignInChallenge, finishSignInChallenge } from "./signin-challenge";
import { isTotpOn, verifyTotpCode } from "./totp";

/** What a password sign-in must still be completed with; empty when the user has no second factor. */
export async function secondFactorMethods(userId: string): Promise<SecondFactorMethod[]> {
  return (await isTotpOn(userId)) ? ["totp", "recovery_code"] : [];
}

/** What signInSecondFactorSchema leaves: exactly one of the two. */
export interface SecondFactorInput {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

const noChallenge = () =>
  new HttpError(401, "unauthenticated", "Sign in with your email and password first; that step lasts 5 minutes.", {
    headers: { "WWW-Authenticate": "Bearer" },
  });

const invalidCode = () => new HttpError(401, "invalid_code", "That code is not right, or was already used.");

/** The method a right code proves, or null; a spent recovery code mails the owner how many are left. */
async function checkFactor(user: PublicUser, input: SecondFactorInput): Promise<"password_totp" | "recovery_code" | null> {
  if (input.code !== undefined) return (await verifyTotpCode(user.id, input.code)) ? "password_totp" : null;
  if (input.recoveryCode === undefined) return null;
  const remaining = await spendRecoveryCode(user.id, input.recoveryCode);
  if (remaining === null) return null;
  await enqueueMail(getDb(), user.email, "recovery-code-used", { remaining });
  return "recovery_code";
}

/**
 * The second step of a sign-in: the challenge cookie's user, within their
 * budget of codes, with a right code opens a web session (once: the challenge
 * is spent). Anything else is a 401 and the challenge stays for another try.
 */
export async function completeSecondFactor(req: IncomingMessage, res: NextApiResponse, input: SecondFactorInput): Promise<PublicUser> {
  const pending = await findSignInChallenge(req);
  const user = pending && (await findPublicUser(pending.userId));
  if (!pending || !user) throw noChallenge();
  await limitSecondFactor(req, user.id);
  const method = await checkFactor(user, input);
  if (!method) {
    logSecurityEvent(req, "mfa_failed", { userId: user.id });
    throw invalidCode();
  }
  if (!(await finishSignInChallenge(res, pending))) throw noChallenge();
  await clearSecondFactorFailures(user.id);
  if (method === "recovery_code") logSecurityEvent(req, "recovery_code_used", { userId: user.id });
  await startWebSession(req, res, user.id, method);
  return user;
}
