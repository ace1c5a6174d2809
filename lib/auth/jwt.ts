import { jwtVerify, SignJWT } from "jose";
import { getEnv } from "@/lib/platform/env";

const ISSUER = "trax";
const AUDIENCE = "trax";
/** Longer tokens are refused before any cryptography runs. */
export const MAX_TOKEN_LENGTH = 4096;
const CLOCK_TOLERANCE_SECONDS = 60;

export interface SessionClaims {
  userId: string;
  sessionId: string;
}

let key: Promise<CryptoKey> | undefined;

// A CryptoKey, imported once: given a KeyObject or bytes, jose imports it into
// WebCrypto again on every sign and verify (bench/RESULTS.md, figure 3).
function getKey(): Promise<CryptoKey> {
  key ??= crypto.subtle.importKey("raw", Buffer.from(getEnv().JWT_SECRET, "utf8"), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
  return key;
}

export async function signSessionToken(claims: SessionClaims, expiresAt: Date): Promise<string> {
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(await getKey());
}

/** The token's claims, or null for any token that is not ours, intact and current. */
export async function verifySessionToken(token: string): Promise<SessionClaims | null> {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  try {
    const { payload } = await jwtVerify(token, await getKey(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["sub", "sid", "iat", "exp"],
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
    // jose checks iat only with maxTokenAge; a token "issued" in the future was not issued by us.
    if ((payload.iat ?? Infinity) > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch {
    return null;
  }
}
