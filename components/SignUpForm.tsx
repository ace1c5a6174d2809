import { useRouter } from "next/router";
import { signUpSchema } from "@/lib/auth/schemas";
import { signUp } from "@/lib/frontend/mutations";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { useZodForm } from "./useZodForm";

export function SignUpForm({ next }: { next: string }) {
  const router = useRouter();
  const { onSubmit, errors, formError, submitting } = useZodForm(signUpSchema, async (input) => {
    await signUp(input);
    await router.replace(next);
  });
  return (
    <form onSubmit={onSubmit} noValidate className={styles.form}>
      <Field label="Name" name="name" autoComplete="name" hint="Optional. Shown only to you." error={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={128}
        hint="8 to 128 characters."
        error={errors.password}
      />
      <Alert>{formError}</Alert>
      <Button type="submit" disabled={submitting} className={styles.submit}>
        {submitting ? "Creating your account…" : "Sign up"}
      </Button>
    </form>
  );
}
