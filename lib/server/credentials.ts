import type { NextApiResponse } from "next";
import { setSessionCookie } from "./cookies";
import { verifyPassword } from "./password";
import { createSession } from "./session";
import { findUserByEmail, withoutPasswordHash, type PublicUser } from "./users";

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
