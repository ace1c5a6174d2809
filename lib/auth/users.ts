import { getDb, type DbClient } from "@/lib/platform/db";
import type { Prisma } from "@/lib/platform/generated/prisma/client";

/** The only user fields that ever leave the server. */
export const publicUserSelect = {
  id: true,
  email: true,
  name: true,
  createdAt: true,
  emailVerifiedAt: true,
  // What the user shape says of second factors: whether TOTP is on, how many passkeys.
  totpFactor: { select: { confirmedAt: true } },
  _count: { select: { passkeys: true } },
} satisfies Prisma.UserSelect;
export type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserSelect }>;

export interface NewUser {
  email: string;
  password: string;
  name?: string | undefined;
}

/** Inserts an already hashed user (bcrypt stays outside any transaction); a taken email is P2002 (→ 409). */
export function insertUser(
  { email, passwordHash, name }: Omit<NewUser, "password"> & { passwordHash: string },
  db: DbClient = getDb(),
): Promise<PublicUser> {
  return db.user.create({ data: { email, passwordHash, name: name ?? "" }, select: publicUserSelect });
}

export function findUserByEmail(email: string) {
  return getDb().user.findUnique({ where: { email }, select: { ...publicUserSelect, passwordHash: true } });
}

export async function findPasswordHash(userId: string): Promise<string | null> {
  const user = await getDb().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return user?.passwordHash ?? null;
}

export async function updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
  await getDb().user.updateMany({ where: { id: userId }, data: { passwordHash } });
}

export function withoutPasswordHash<T extends PublicUser>({ id, email, name, createdAt, emailVerifiedAt, totpFactor, _count }: T): PublicUser {
  return { id, email, name, createdAt, emailVerifiedAt, totpFactor, _count };
}

export function findPublicUser(userId: string, db: DbClient = getDb()): Promise<PublicUser | null> {
  return db.user.findUnique({ where: { id: userId }, select: publicUserSelect });
}
