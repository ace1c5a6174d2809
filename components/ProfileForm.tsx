import { useState } from "react";
import { updateMeSchema } from "@/lib/auth/schemas";
import type { User } from "@/lib/frontend/hooks";
import { updateName } from "@/lib/frontend/mutations";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { useZodForm } from "./useZodForm";

export function ProfileForm({ user }: { user: User }) {
  const [saved, setSaved] = useState(false);
  const { onSubmit, errors, formError, submitting } = useZodForm(updateMeSchema, async ({ name }) => {
    setSaved(false);
    await updateName(name);
    setSaved(true);
  });
  return (
    <form onSubmit={onSubmit} noValidate className={styles.form}>
      <p className={styles.readonly}>
        <span className={styles.label}>Email</span> {user.email}
      </p>
      <Field label="Name" name="name" defaultValue={user.name} autoComplete="name" maxLength={100} error={errors.name} />
      <Alert>{formError}</Alert>
      <Alert tone="success">{saved && "Saved."}</Alert>
      <Button type="submit" disabled={submitting} className={styles.submit}>
        Save name
      </Button>
    </form>
  );
}
