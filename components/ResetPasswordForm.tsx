import Link from "next/link";
import { useState } from "react";
import { newPasswordSchema } from "@/lib/auth/schemas";
import { resetPassword } from "@/lib/frontend/mutations";
import { z } from "zod";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { useZodForm } from "./useZodForm";

const formSchema = z.object({ password: newPasswordSchema });

export function ResetPasswordForm({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  const { onSubmit, errors, formError, submitting } = useZodForm(formSchema, async ({ password }) => {
    await resetPassword(token, password);
    setDone(true);
  });
  if (done) {
    return (
      <Alert tone="success">
        Your password was changed and every session signed out. <Link href="/signin">Sign in</Link> with the new one.
      </Alert>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className={styles.form}>
      <Field label="New password" name="password" type="password" autoComplete="new-password" hint="8 to 128 characters." error={errors.password} />
      <Alert>{formError}</Alert>
      <Button type="submit" disabled={submitting} className={styles.submit}>
        {submitting ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
