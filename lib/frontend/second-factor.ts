import { browserSupportsWebAuthn, startAuthentication, startRegistration, WebAuthnAbortService, WebAuthnError } from "@simplewebauthn/browser";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { mutate } from "swr";
import type { SignInInput } from "@/lib/auth/schemas";
import type { SecondFactorMethod } from "@/lib/mfa/schemas";
import { ApiError, request } from "./fetcher";
import { keys, type Passkey, type User } from "./hooks";
import { clearCache } from "./mutations";

/** Writes of the second factor and passkeys, and the sign-in steps they add. */

export type SignInResult = { user: User } | { mfaRequired: true; methods: SecondFactorMethod[] };

/** The password step: a user, or (second factor on) what the next step takes. */
export async function signInWithPassword(input: SignInInput): Promise<SignInResult> {
  const result = await request<SignInResult>("POST", "/api/signin", input);
  if ("user" in result) await clearCache();
  return result;
}

export async function completeSignIn(input: { code: string } | { recoveryCode: string }): Promise<User> {
  const { user } = await request<{ user: User }>("POST", "/api/signin/mfa", input);
  await clearCache();
  return user;
}

/** What the browser said when a ceremony did not finish, as a sentence (null: the person cancelled it). */
function describeCeremony(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  const name = error instanceof WebAuthnError ? error.code : error instanceof Error ? error.name : "";
  if (/NotAllowed|ERROR_CEREMONY_ABORTED|AbortError/.test(name)) return null;
  return new ApiError(0, "webauthn_failed", "Your browser could not use a passkey here.");
}

/**
 * Signs in with a discoverable passkey. With `autofill`, the browser offers
 * passkeys in the email field's suggestions and this waits for a pick; null
 * when the ceremony was cancelled or replaced (a person may still type a password).
 */
export async function signInWithPasskey(autofill = false): Promise<User | null> {
  try {
    const optionsJSON = await request<PublicKeyCredentialRequestOptionsJSON>("POST", "/api/signin/passkey/options");
    const response = await startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
    const { user } = await request<{ user: User }>("POST", "/api/signin/passkey", { response });
    await clearCache();
    return user;
  } catch (error) {
    const failure = describeCeremony(error);
    if (failure) throw failure;
    return null;
  }
}

/** Leaving the sign-in page: a pending autofill request must not outlive it. */
export function cancelPasskeyAutofill(): void {
  WebAuthnAbortService.cancelCeremony();
}

export async function startTotpSetup(password: string): Promise<{ secret: string; uri: string }> {
  return request("POST", "/api/mfa/totp", { password });
}

export async function confirmTotp(code: string): Promise<string[]> {
  const { recoveryCodes } = await request<{ recoveryCodes: string[] }>("POST", "/api/mfa/totp/confirm", { code });
  await mutate(keys.me);
  return recoveryCodes;
}

export async function disableTotp(password: string): Promise<void> {
  await request("DELETE", "/api/mfa/totp", { password });
  await mutate(keys.me);
}

export async function regenerateRecoveryCodes(password: string): Promise<string[]> {
  const { recoveryCodes } = await request<{ recoveryCodes: string[] }>("POST", "/api/mfa/recovery-codes", { password });
  return recoveryCodes;
}

/** Registers a passkey on this device; false when the person cancelled the browser's prompt. */
export async function addPasskey(name: string): Promise<boolean> {
  if (!browserSupportsWebAuthn()) throw new ApiError(0, "webauthn_unsupported", "This browser cannot make passkeys.");
  try {
    const optionsJSON = await request<PublicKeyCredentialCreationOptionsJSON>("POST", "/api/passkeys/options");
    const response = await startRegistration({ optionsJSON });
    await request<{ passkey: Passkey }>("POST", keys.passkeys, { name: name || undefined, response });
  } catch (error) {
    const failure = describeCeremony(error);
    if (failure) throw failure;
    return false;
  }
  await Promise.all([mutate(keys.passkeys), mutate(keys.me)]);
  return true;
}

export async function removePasskey(id: string): Promise<void> {
  await request("DELETE", `${keys.passkeys}/${encodeURIComponent(id)}`);
  await Promise.all([mutate(keys.passkeys), mutate(keys.me)]);
}
