import { z } from "zod";

/** What every layer's schemas share: ids in paths, timestamps, the error body. */
export const idSchema = z.string({ error: "Give one id." }).min(1, { error: "Give an id." }).max(64, { error: "That id is not valid." });

export const idParamsSchema = z.object({ id: idSchema });

/**
 * Text a person reads back (names): no control characters, and no bidi
 * embeddings, overrides or isolates, which can make text shown next to it read
 * otherwise than it is. Joiners stay (emoji sequences use them).
 */
export function displayText(schema: z.ZodString): z.ZodString {
  return schema.regex(/^[^\p{Cc}\u202A-\u202E\u2066-\u2069]*$/u, {
    error: "Use letters, digits, punctuation and spaces, without control or text-direction characters.",
  });
}

/** Dates leave the API as ISO-8601 strings. */
export const timestamp = z.iso.datetime();

/** Every error code the API answers with (the contract's list). */
export const ERROR_CODES = [
  "validation_failed",
  "invalid_token",
  "unauthenticated",
  "invalid_credentials",
  "invalid_code",
  "forbidden_origin",
  "forbidden",
  "insufficient_scope",
  "email_unverified",
  "not_found",
  "method_not_allowed",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }),
});

export const healthResponseSchema = z.object({ status: z.literal("ok") });
