import { SignJWT } from "jose";
import { TEST_JWT_SECRET } from "./constants";

export interface ForgeOptions {
  sub: string;
  sid: string;
  secret?: string;
  issuer?: string;
  audience?: string;
  issuedAt?: number;
  expiresAt?: number;
  notBefore?: number;
  alg?: "HS256" | "HS384" | "HS512";
}

/** Signs a token the way an attacker (or a bug) might, to see the server refuse it. */
export function forgeToken(options: ForgeOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ sid: options.sid })
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" })
    .setSubject(options.sub)
    .setIssuer(options.issuer ?? "trax")
    .setAudience(options.audience ?? "trax")
    .setIssuedAt(options.issuedAt ?? now)
    .setExpirationTime(options.expiresAt ?? now + 3600);
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

export function decodePayload(token: string): Record<string, unknown> {
  const [, payload = ""] = token.split(".");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}
