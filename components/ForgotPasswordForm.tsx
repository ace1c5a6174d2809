import { useState } from "react";
import { forgotPasswordSchema } from "@/lib/auth/schemas";
import { forgotPassword } from "@/lib/frontend/mutations";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { useZodForm } from "./useZodForm";

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { onSubmit, errors, formError, submitting } = useZodForm(forgotPasswordSchema, async ({ email }) => {
    await forgotPassword(email);
    setSentTo(email);
  });
  return (
    <form onSubmit={onSubmit} noValidate className={styles.form}>
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Alert>{formError}</Alert>
      <Alert tone="success">
        {sentTo && `If an account uses ${sentTo}, a link to choose a new password is on its way. It works once, for a limited time.`}
      </Alert>
      <Button type="submit" disabled={submitting} className={styles.submit}>
        {submitting ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
