import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/platform/env";

// A queued mail carries a link's secret: sealed with a key derived from
// JWT_SECRET, so a copy of the database alone does not hold usable links.
let key: Buffer | undefined;

function outboxKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", getEnv().JWT_SECRET, "trax-outbox", "outbox payload v1", 32));
  return key;
}

export function seal(value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", outboxKey(), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
}

/** Throws when the payload was sealed with another key or altered. */
export function unseal(sealed: string): unknown {
  const [iv = "", tag = "", body = ""] = sealed.split(".");
  const decipher = createDecipheriv("aes-256-gcm", outboxKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  return JSON.parse(text) as unknown;
}
