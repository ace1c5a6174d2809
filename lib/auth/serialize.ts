import type { UserJson } from "./schemas";
import type { PublicUser } from "./users";

/** Dates become ISO-8601 strings here, so what is sent is exactly what the schemas describe. */
export function toUserJson(user: PublicUser): UserJson {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    createdAt: user.createdAt.toISOString(),
    emailVerified: user.emailVerifiedAt !== null,
    mfa: { totp: Boolean(user.totpFactor?.confirmedAt), passkeys: user._count.passkeys },
  };
}
