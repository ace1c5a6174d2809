import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { userResponseSchema } from "@/lib/auth/schemas";
import { displayText, timestamp } from "@/lib/platform/schemas";

/** Shared by the forms, the API routes and the OpenAPI document (zod only: safe in the browser). */

export const RECOVERY_CODE_COUNT = 10;

const passwordField = z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(128);

/** Spaces are how apps show codes ("123 456"); they are not part of it. */
export const totpCodeSchema = z
  .string({ error: "Enter the 6-digit code from your app." })
  .transform((code) => code.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, { error: "Enter the 6-digit code from your app." }));

/** As shown ("abcde-12345"), in any case, with or without the dash. */
export const recoveryCodeSchema = z
  .string({ error: "Enter one of your recovery codes." })
  .transform((code) => code.replace(/[\s-]/g, "").toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9]{10}$/, { error: "A recovery code is 10 letters and digits, like abcde-12345." }));

export const passwordOnlySchema = z.object({ password: passwordField });
export const confirmTotpSchema = z.object({ code: totpCodeSchema });

/** The second step of a sign-in: a code from the app, or one recovery code (exactly one of them). */
export const signInSecondFactorSchema = z
  .object({ code: totpCodeSchema.optional(), recoveryCode: recoveryCodeSchema.optional() })
  .refine((input) => (input.code === undefined) !== (input.recoveryCode === undefined), {
    error: "Send either the code from your app or a recovery code.",
    path: ["code"],
  });

export const secondFactorMethodSchema = z.enum(["totp", "recovery_code"]);

// ---- WebAuthn responses, as @simplewebauthn/browser sends them (JSON form) ----

const base64url = z.string().max(8192).regex(/^[A-Za-z0-9_-]*={0,2}$/, { error: "Not base64url." });
const transports = z.array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"])).max(8);
const attachment = z.enum(["platform", "cross-platform"]);

export const registrationResponseSchema = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: transports.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
  authenticatorAttachment: attachment.optional(),
  clientExtensionResults: z.looseObject({}),
}) satisfies z.ZodType<RegistrationResponseJSON>;

export const authenticationResponseSchema = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  authenticatorAttachment: attachment.optional(),
  clientExtensionResults: z.looseObject({}),
}) satisfies z.ZodType<AuthenticationResponseJSON>;

export const passkeyNameSchema = displayText(
  z.string({ error: "Name the passkey." }).trim().max(100, { error: "Use at most 100 characters." }),
);

export const registerPasskeySchema = z.object({
  name: passkeyNameSchema.optional(),
  response: registrationResponseSchema,
});

export const passkeySignInSchema = z.object({ response: authenticationResponseSchema });

// ---- Form-only schemas ----

export const addPasskeyFormSchema = z.object({ name: passkeyNameSchema });
export const recoveryCodeFormSchema = z.object({ recoveryCode: recoveryCodeSchema });

// ---- Responses ----

export const totpSetupResponseSchema = z.object({
  /** Base32, for typing into an app by hand. */
  secret: z.string(),
  /** otpauth://totp/… for the QR code. */
  uri: z.string(),
});

export const recoveryCodesResponseSchema = z.object({ recoveryCodes: z.array(z.string()).length(RECOVERY_CODE_COUNT) });

export const mfaRequiredResponseSchema = z.object({ mfaRequired: z.literal(true), methods: z.array(secondFactorMethodSchema) });

export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
});

export const passkeyResponseSchema = z.object({ passkey: passkeySchema });
export const passkeysResponseSchema = z.object({ passkeys: z.array(passkeySchema) });

/** WebAuthn options in their JSON form, for @simplewebauthn/browser; only the fields every client relies on are spelled out. */
export const creationOptionsSchema = z.looseObject({
  challenge: z.string(),
  rp: z.looseObject({ id: z.string().optional(), name: z.string() }),
  user: z.looseObject({ id: z.string(), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.looseObject({ type: z.string(), alg: z.number() })),
});

export const requestOptionsSchema = z.looseObject({
  challenge: z.string(),
  rpId: z.string().optional(),
  userVerification: z.string().optional(),
});

export type PasskeyJson = z.infer<typeof passkeySchema>;
export type SecondFactorMethod = z.infer<typeof secondFactorMethodSchema>;

/** POST /api/signin answers with the user, or, with a second factor on, with what the next step takes. */
export const signInResponseSchema = z.union([userResponseSchema, mfaRequiredResponseSchema]);
