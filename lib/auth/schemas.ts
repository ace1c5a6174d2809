import { z } from "zod";
import { displayText, timestamp } from "@/lib/platform/schemas";

/** Shared by the forms, the API routes and the OpenAPI document. */
export const emailSchema = z
  .string({ error: "Enter your email." })
  .trim()
  .toLowerCase()
  .max(254, { error: "Email is too long." })
  .pipe(
    z
      .email({ error: "Enter a valid email address." })
      .refine((email) => email.lastIndexOf("@") <= 64, { error: "The part before @ is too long (at most 64 characters)." }),
  )
  .meta({ format: "email", description: "An email address (at most 64 characters before the @); surrounding spaces are removed and it is lower-cased." });

export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(8, { error: "Use at least 8 characters." })
  .max(128, { error: "Use at most 128 characters." });

export const nameSchema = displayText(z.string({ error: "Enter a name." }).trim().max(100, { error: "Use at most 100 characters." })).meta({
  description: "A display name; surrounding spaces are removed, then at most 100 characters, with no control or text-direction characters.",
});

export const signUpSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: nameSchema.optional(),
});

export const signInSchema = z.object({
  email: z.string({ error: "Enter your email." }).trim().toLowerCase().min(1, { error: "Enter your email." }).max(254),
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(128),
});

export type SignUpInput = z.input<typeof signUpSchema>;
export type SignInInput = z.input<typeof signInSchema>;

// ---- Account, sessions and tokens (request bodies) ----

export const updateMeSchema = z.object({ name: nameSchema });

export const deleteMeSchema = z.object({
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(128),
});

export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ error: "Enter your current password." })
    .min(1, { error: "Enter your current password." })
    .max(128),
  newPassword: newPasswordSchema,
});

// ---- Email: recovery, verification, change ----

export const forgotPasswordSchema = z.object({ email: emailSchema });

/** A mailed link's secret; anything that is not a live one of ours is `invalid_token`, not a field error. */
const linkTokenSchema = z
  .string({ error: "The link has no token." })
  .min(1, { error: "The link has no token." })
  .max(512, { error: "The link's token is not valid." });

export const resetPasswordSchema = z.object({ token: linkTokenSchema, password: newPasswordSchema });

export const verifyEmailSchema = z.object({ token: linkTokenSchema });

export const changeEmailSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }).max(128),
});

export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;
export type ChangeEmailInput = z.input<typeof changeEmailSchema>;

/** API tokens live 1 to 365 days; 90 unless asked otherwise. */
export const TOKEN_DAYS = { min: 1, max: 365, default: 90 } as const;

export const tokenScopeSchema = z.enum(["read", "write"], { error: 'Choose "read" or "write".' });

export const createTokenSchema = z.object({
  name: displayText(
    z.string({ error: "Name the token." }).trim().min(1, { error: "Name the token." }).max(100, { error: "Use at most 100 characters." }),
  ).meta({ description: "What the token is for, as the session list shows it; surrounding spaces are removed, then 1 to 100 characters." }),
  expiresInDays: z
    .number({ error: "Give a whole number of days." })
    .int({ error: "Give a whole number of days." })
    .min(TOKEN_DAYS.min, { error: `Use at least ${TOKEN_DAYS.min} day.` })
    .max(TOKEN_DAYS.max, { error: `Use at most ${TOKEN_DAYS.max} days.` })
    .default(TOKEN_DAYS.default),
  scope: tokenScopeSchema.default("write"),
});

// ---- Responses: the JSON the API sends (dates as ISO-8601 strings) ----

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  createdAt: timestamp,
  emailVerified: z.boolean(),
  mfa: z.object({ totp: z.boolean(), passkeys: z.number().int().min(0) }),
});

/** How a web session was opened; null for an API token. */
export const signInMethodSchema = z.enum(["password", "password_totp", "recovery_code", "passkey"]);

export const sessionSchema = z.object({
  id: z.string(),
  kind: z.enum(["web", "api"]),
  name: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp,
  expiresAt: timestamp,
  current: z.boolean(),
  /** An API token's scope; null for a web session. */
  scope: tokenScopeSchema.nullable(),
  /** As seen when the session was made: a hint to recognise it by, not proof of anything. */
  device: z.object({ browser: z.string().nullable(), os: z.string().nullable(), ip: z.string().nullable() }),
  method: signInMethodSchema.nullable(),
});

export const userResponseSchema = z.object({ user: userSchema });
/** 202 with an empty body: mail may have been queued; nothing tells whether it was. */
export const acceptedResponseSchema = z.strictObject({});
export const sessionsResponseSchema = z.object({ sessions: z.array(sessionSchema) });
export const tokenResponseSchema = z.object({ token: z.string(), session: sessionSchema });

export type UserJson = z.infer<typeof userSchema>;
export type SessionJson = z.infer<typeof sessionSchema>;
export type SignInMethod = z.infer<typeof signInMethodSchema>;
export type CreateTokenInput = z.input<typeof createTokenSchema>;

// ---- Form-only schemas (what a form's text inputs hold, before they become a request body) ----

export const tokenFormSchema = createTokenSchema.extend({
  expiresInDays: z.coerce.number().pipe(createTokenSchema.shape.expiresInDays.unwrap()),
});
