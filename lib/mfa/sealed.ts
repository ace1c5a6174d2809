import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveEncryptionKey } from "@/lib/platform/secrets";

// A copy of the database alone must not hold usable TOTP secrets. The owner's
// id is the additional data: a sealed secret moved to another user's row does not open.
const PURPOSE = "totp secret v1";

export function sealSecret(userId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveEncryptionKey(PURPOSE), iv).setAAD(Buffer.from(userId, "utf8"));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
}

/** Throws when sealed with another key (ENCRYPTION_KEY changed) or altered: a broken invariant, not a user error. */
export function openSecret(userId: string, sealed: string): string {
  const [iv = "", tag = "", body = ""] = sealed.split(".");
  const decipher = createDecipheriv("aes-256-gcm", deriveEncryptionKey(PURPOSE), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(userId, "utf8")).setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
