import type { IncomingMessage } from "node:http";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { logSecurityEvent } from "@/lib/auth/security-log";
import { enqueueMail } from "@/lib/mail/outbox";
import { getDb, inTransaction } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import type { PasskeyJson } from "./schemas";
import { CEREMONY_MS, consumeChallenge, rememberChallenge } from "./webauthn-challenges";

/** The relying party is APP_URL: its host is the RP id, its origin the only one a ceremony may come from. */
function relyingParty(): { rpID: string; origin: string } {
  const origin = getEnv().APP_URL;
  return { rpID: new URL(origin).hostname, origin };
}

const TRANSPORTS: readonly AuthenticatorTransport[] = ["ble", "hybrid", "internal", "nfc", "usb"];

/** Transports as stored (text) back to the library's type: hints only, so one it does not know is dropped. */
function knownTransports(stored: string[]): AuthenticatorTransport[] {
  return TRANSPORTS.filter((transport) => stored.includes(transport));
}

const passkeySelect = { id: true, name: true, createdAt: true, lastUsedAt: true } as const;

function toPasskeyJson(row: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }): PasskeyJson {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null };
}

export async function listPasskeys(userId: string): Promise<PasskeyJson[]> {
  const rows = await getDb().passkey.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: passkeySelect });
  return rows.map(toPasskeyJson);
}

export interface PasskeyOwner {
  id: string;
  email: string;
  name: string;
}

/**
 * Creation options for a new discoverable passkey (sign-in with no email typed
 * needs the credential to hold the user); the user's own are excluded, so one
 * authenticator is not registered twice.
 */
export async function registrationOptions(user: PasskeyOwner): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await getDb().passkey.findMany({ where: { userId: user.id }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: "Trax",
    rpID: relyingParty().rpID,
    userID: Buffer.from(user.id, "utf8"),
    userName: user.email,
    userDisplayName: user.name || user.email,
    attestationType: "none",
    timeout: CEREMONY_MS,
    excludeCredentials: existing.map((key) => ({ id: key.credentialId, transports: knownTransports(key.transports) })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  await rememberChallenge(options.challenge, "registration", user.id);
  return options;
}

/** The library's verdict, or null for any answer it refuses (a bad signature, another origin, a spent challenge). */
async function verifiedRegistration(userId: string, response: RegistrationResponseJSON) {
  const { rpID, origin } = relyingParty();
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: (challenge) => consumeChallenge(challenge, "registration", userId),
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
    return result.verified ? result.registrationInfo : null;
  } catch {
    return null;
  }
}

/** Stores a verified new passkey; null when the answer does not verify. A credential already stored is P2002 (→ 409). */
export async function registerPasskey(req: IncomingMessage, user: PasskeyOwner, input: { name?: string | undefined; response: RegistrationResponseJSON }): Promise<PasskeyJson | null> {
  const info = await verifiedRegistration(user.id, input.response);
  if (!info) return null;
  const { credential } = info;
  const name = input.name || "Passkey";
  const row = await inTransaction(async (tx) => {
    const created = await tx.passkey.create({
      data: { userId: user.id, credentialId: credential.id, publicKey: Buffer.from(credential.publicKey), counter: credential.counter, transports: credential.transports ?? [], name },
      select: passkeySelect,
    });
    await enqueueMail(tx, user.email, "second-factor-changed", { change: `A passkey (“${name}”) was added: it can sign in to your account without a password.` });
    return created;
  });
  logSecurityEvent(req, "passkey_added", { userId: user.id });
  return toPasskeyJson(row);
}

/** Removes one of the user's passkeys; false when they have no such one (another user's included). */
export async function deletePasskey(req: IncomingMessage, user: PasskeyOwner, passkeyId: string): Promise<boolean> {
  const removed = await inTransaction(async (tx) => {
    const row = await tx.passkey.findFirst({ where: { id: passkeyId, userId: user.id }, select: { name: true } });
    const { count } = await tx.passkey.deleteMany({ where: { id: passkeyId, userId: user.id } });
    if (row && count === 1) await enqueueMail(tx, user.email, "second-factor-changed", { change: `The passkey “${row.name}” was removed: it no longer signs in to your account.` });
    return count === 1;
  });
  if (removed) logSecurityEvent(req, "passkey_removed", { userId: user.id });
  return removed;
}

/** Request options for a discoverable credential: no email, so no credential list. */
export async function authenticationOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({ rpID: relyingParty().rpID, userVerification: "preferred", timeout: CEREMONY_MS });
  await rememberChallenge(options.challenge, "authentication", null);
  return options;
}

interface StoredPasskey {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: bigint;
  transports: string[];
}

/** The new signature counter when the assertion verifies against the stored key, else null. */
async function verifiedCounter(stored: StoredPasskey, response: AuthenticationResponseJSON): Promise<number | null> {
  const { rpID, origin } = relyingParty();
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: (challenge) => consumeChallenge(challenge, "authentication", null),
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: stored.credentialId,
        publicKey: new Uint8Array(stored.publicKey),
        counter: Number(stored.counter),
        transports: knownTransports(stored.transports),
      },
      requireUserVerification: false,
    });
    return verified ? authenticationInfo.newCounter : null;
  } catch {
    return null;
  }
}

/** The user handle the authenticator returned names the passkey's owner (when it returned one). */
function handleMatches(stored: StoredPasskey, response: AuthenticationResponseJSON): boolean {
  const handle = response.response.userHandle;
  return handle === undefined || Buffer.from(handle, "base64url").toString("utf8") === stored.userId;
}

/**
 * The user a passkey assertion signs in, or null. The counter moves forward
 * only from the value checked (a conditional update): a cloned authenticator
 * replaying an older count loses even a race.
 */
export async function signInWithPasskey(req: IncomingMessage, response: AuthenticationResponseJSON): Promise<string | null> {
  const db = getDb();
  const stored = await db.passkey.findUnique({
    where: { credentialId: response.id },
    select: { id: true, userId: true, credentialId: true, publicKey: true, counter: true, transports: true },
  });
  const counter = stored && handleMatches(stored, response) ? await verifiedCounter(stored, response) : null;
  if (!stored || counter === null) {
    logSecurityEvent(req, "passkey_signin_failed", stored ? { userId: stored.userId } : { email: "" });
    return null;
  }
  const { count } = await db.passkey.updateMany({
    where: { id: stored.id, counter: stored.counter },
    data: { counter, lastUsedAt: new Date() },
  });
  return count === 1 ? stored.userId : null;
}
