import { useState } from "react";
import { changeEmailSchema } from "@/lib/auth/schemas";
import type { User } from "@/lib/frontend/hooks";
import { changeEmail } from "@/lib/frontend/mutations";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { ResendVerification } from "./ResendVerification";
import { useZodForm } from "./useZodForm";

export function EmailForm({ user }: { user: User }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { onSubmit, errors, formError, submitting } = useZodForm(changeEmailSchema, async ({ email, password }, form) => {
    setSentTo(null);
    await changeEmail(email, password);
    form.reset();
    setSentTo(email);
  });
  return (
    <>
      <p className={styles.readonly}>
        <span className={styles.label}>Email</span> {user.email} ({user.emailVerified ? "confirmed" : "not confirmed yet"})
      </p>
      {!user.emailVerified && <ResendVerification />}
      <form onSubmit={onSubmit} noValidate className={styles.form}>
        <Field label="New email" name="email" type="email" autoComplete="email" error={errors.email} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" hint="Your current password." error={errors.password} />
        <Alert>{formError}</Alert>
        <Alert tone="success">{sentTo && `A link is on its way to ${sentTo}. Your email changes when you follow it.`}</Alert>
        <Button type="submit" disabled={submitting} className={styles.submit}>
          Change email
        </Button>
      </form>
    </>
  );
}
