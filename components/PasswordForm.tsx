import { useState } from "react";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { changePassword } from "@/lib/frontend/mutations";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { useZodForm } from "./useZodForm";

export function PasswordForm() {
  const [done, setDone] = useState(false);
  const { onSubmit, errors, formError, submitting } = useZodForm(changePasswordSchema, async (input, form) => {
    setDone(false);
    await changePassword(input.currentPassword, input.newPassword);
    form.reset();
    setDone(true);
  });
  return (
    <form onSubmit={onSubmit} noValidate className={styles.form}>
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={errors.currentPassword} />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters. Every other session will be signed out."
        error={errors.newPassword}
      />
      <Alert>{formError}</Alert>
      <Alert tone="success">{done && "Password changed. Your other sessions were signed out."}</Alert>
      <Button type="submit" disabled={submitting} className={styles.submit}>
        Change password
      </Button>
    </form>
  );
}
