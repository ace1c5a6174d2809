import { z } from "zod";

/** Shared by the forms, the API routes and the OpenAPI document. */
export const emailSchema = z
  .string({ error: "Enter your email." })
  .trim()
  .toLowerCase()
  .max(254, { error: "Email is too long." })
  .pipe(z.email({ error: "Enter a valid email address." }));

export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(8, { error: "Use at least 8 characters." })
  .max(128, { error: "Use at most 128 characters." });

export const nameSchema = z.string({ error: "Enter a name." }).trim().max(100, { error: "Use at most 100 characters." });

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

/* Form-only schemas (the browser's side of routes whose body schemas live elsewhere). */
export const playlistNameFormSchema = z.object({
  name: z.string({ error: "Enter a name." }).trim().min(1, { error: "Enter a name." }).max(100, { error: "Use at most 100 characters." }),
});

export const profileFormSchema = z.object({ name: nameSchema });

export const passwordChangeFormSchema = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password." }).max(128),
  newPassword: newPasswordSchema,
});

export const tokenFormSchema = z.object({
  name: z.string().trim().min(1, { error: "Name the token, e.g. after the script that uses it." }).max(100, { error: "Use at most 100 characters." }),
  expiresInDays: z.enum(["7", "30", "90", "365"]).transform(Number),
});

export const deleteAccountFormSchema = z.object({
  password: z.string().min(1, { error: "Enter your password to confirm." }).max(128),
});
