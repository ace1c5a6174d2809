import type { NextApiResponse } from "next";
import { inTransaction } from "@/lib/platform/db";
import { setSessionCookie } from "./cookies";
import { hashPassword, verifyPassword } from "./password";
import { createSession } from "./session";
import { findUserByEmail, insertUser, withoutPasswordHash, type NewUser, type PublicUser } from "./users";

/** The user these credentials belong to, or null; equally slow either way. */
export async function checkCredentials(email: string, password: string): Promise<PublicUser | null> {
  const user = await findUserByEmail(email);
  const matches = await verifyPassword(password, user?.passwordHash ?? null);
  return user && matches ? withoutPasswordHash(user) : null;
}

/** Opens a web session for the user and sets its cookie. */
export async function startWebSession(res: NextApiResponse, userId: string): Promise<void> {
  const { session, token } = await createSession(userId);
  setSessionCookie(res, token, session.expiresAt);
}

/**
 * Creates the user and their first web session in one transaction: if the
 * session cannot be written, no account is left behind that the client was
 * never told about (a retry would otherwise meet a 409).
 */
export async function signUpWithSession(res: NextApiResponse, input: NewUser): Promise<PublicUser> {
  const { password, ...rest } = input;
  const passwordHash = await hashPassword(password);
  const { user, issued } = await inTransaction(async (tx) => {
    const created = await insertUser({ ...rest, passwordHash }, tx);
    return { user: created, issued: await createSession(created.id, {}, tx) };
  });
  setSessionCookie(res, issued.token, issued.session.expiresAt);
  return user;
}
