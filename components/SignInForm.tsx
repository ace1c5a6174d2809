import Link from "next/link";
import { useRouter } from "next/router";
import { signInSchema } from "@/lib/auth/schemas";
import { signIn } from "@/lib/frontend/mutations";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { useZodForm } from "./useZodForm";

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const { onSubmit, errors, formError, submitting } = useZodForm(signInSchema, async (input) => {
    await signIn(input);
    await router.replace(next);
  });
  return (
    <form onSubmit={onSubmit} noValidate className={styles.form}>
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={errors.password} />
      <Alert>{formError}</Alert>
      <Button type="submit" disabled={submitting} className={styles.submit}>
        {submitting ? "Signing in…" : "Sign in"}
      </Button>
      <p>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
    </form>
  );
}
