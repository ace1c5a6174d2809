import { useId, useState } from "react";
import { tokenFormSchema } from "@/lib/auth/schemas";
import { createToken } from "@/lib/frontend/mutations";
import formStyles from "../styles/Form.module.css";
import styles from "../styles/Account.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { useZodForm } from "./useZodForm";

function NewToken({ token, onDismiss }: { token: string; onDismiss: () => void }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(token).then(() => setCopied(true), () => setCopied(false));
  }
  return (
    <div className={styles.newToken} role="status">
      <label htmlFor={id} className={formStyles.label}>
        Your new token: copy it now, it will not be shown again
      </label>
      <input id={id} readOnly value={token} className={`${formStyles.input} ${styles.tokenValue}`} onFocus={(e) => e.currentTarget.select()} />
      <div className={styles.tokenActions}>
        <Button variant="secondary" size="small" onClick={copy}>
          {copied ? "Copied" : "Copy token"}
        </Button>
        <Button variant="ghost" size="small" onClick={onDismiss}>
          Done
        </Button>
      </div>
    </div>
  );
}

export function TokenForm() {
  const id = useId();
  const [token, setToken] = useState<string | null>(null);
  const { onSubmit, errors, formError, submitting } = useZodForm(tokenFormSchema, async (input, form) => {
    setToken(await createToken(input));
    form.reset();
  });
  return (
    <>
      <form onSubmit={onSubmit} noValidate className={formStyles.inline} aria-label="Create an API token">
        <Field label="Token name" name="name" placeholder="e.g. backup script" maxLength={100} error={errors.name} className={formStyles.grow} />
        <div className={formStyles.field}>
          <label htmlFor={`${id}-expiry`} className={formStyles.label}>
            Expires after
          </label>
          <select id={`${id}-expiry`} name="expiresInDays" defaultValue="90" className={formStyles.input}>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">1 year</option>
          </select>
        </div>
        <div className={formStyles.field}>
          <label htmlFor={`${id}-scope`} className={formStyles.label}>
            It may
          </label>
          <select id={`${id}-scope`} name="scope" defaultValue="write" className={formStyles.input}>
            <option value="read">read only</option>
            <option value="write">read and edit playlists</option>
          </select>
        </div>
        <Button type="submit" disabled={submitting}>
          Create token
        </Button>
        <Alert>{formError}</Alert>
      </form>
      {token && <NewToken token={token} onDismiss={() => setToken(null)} />}
    </>
  );
}
