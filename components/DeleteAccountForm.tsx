import { useRouter } from "next/router";
import { deleteMeSchema } from "@/lib/auth/schemas";
import { deleteAccount } from "@/lib/frontend/mutations";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { useZodForm } from "./useZodForm";

export function DeleteAccountForm() {
  const router = useRouter();
  const { onSubmit, errors, formError, submitting } = useZodForm(deleteMeSchema, async ({ password }) => {
    await deleteAccount(password);
    await router.replace("/signup");
  });
  return (
    <form onSubmit={onSubmit} noValidate className={styles.form}>
      <p>This deletes your account, your playlists and every session and token at once. It cannot be undone.</p>
      <Field label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} />
      <Alert>{formError}</Alert>
      <Button type="submit" variant="danger" disabled={submitting} className={styles.submit}>
        Delete account
      </Button>
    </form>
  );
}
