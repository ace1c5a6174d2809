import type { Prisma } from "./generated/prisma/client";
import { getDb } from "./db";
import { hashPassword } from "./password";

/** The only user fields that ever leave the server. */
export const publicUserSelect = { id: true, email: true, name: true, createdAt: true } satisfies Prisma.UserSelect;
export type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserSelect }>;

export interface NewUser {
  email: string;
  password: string;
  name?: string | undefined;
}

/** Creates the user; a taken email surfaces as Prisma's P2002 (→ 409). */
export async function createUser({ email, password, name }: NewUser): Promise<PublicUser> {
  const passwordHash = await hashPassword(password);
  return getDb().user.create({ data: { email, passwordHash, name: name ?? "" }, select: publicUserSelect });
}

export function findUserByEmail(email: string) {
  return getDb().user.findUnique({ where: { email }, select: { ...publicUserSelect, passwordHash: true } });
}

export async function findPasswordHash(userId: string): Promise<string | null> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return user?.passwordHash ?? null;
}

export function withoutPasswordHash<T extends PublicUser>({ id, email, name, createdAt }: T): PublicUser {
  return { id, email, name, createdAt };
}
