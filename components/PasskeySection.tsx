import { useState } from "react";
import { describeError } from "@/lib/frontend/fetcher";
import { usePasskeys, type Passkey } from "@/lib/frontend/hooks";
import { addPasskey, removePasskey } from "@/lib/frontend/second-factor";
import { addPasskeyFormSchema } from "@/lib/mfa/schemas";
import formStyles from "../styles/Form.module.css";
import styles from "../styles/Account.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { formatDate } from "./format";
import { LoadError } from "./LoadError";
import { useZodForm } from "./useZodForm";

function PasskeyItem({ passkey, onRemove }: { passkey: Passkey; onRemove: () => void }) {
  return (
    <li className={styles.session}>
      <div className={styles.sessionText}>
        <span className={styles.sessionName}>{passkey.name}</span>
        <span className={styles.muted}>
          Added {formatDate(passkey.createdAt)} · {passkey.lastUsedAt ? `last used ${formatDate(passkey.lastUsedAt)}` : "never used"}
        </span>
      </div>
      <Button variant="secondary" size="small" onClick={onRemove} aria-label={`Remove passkey ${passkey.name}`}>
        Remove
      </Button>
    </li>
  );
}

function AddPasskey() {
  const { onSubmit, errors, formError, submitting } = useZodForm(addPasskeyFormSchema, async ({ name }, form) => {
    if (await addPasskey(name)) form.reset();
  });
  return (
    <form onSubmit={onSubmit} noValidate className={formStyles.inline} aria-label="Add a passkey">
      <Field label="Passkey name" name="name" placeholder="e.g. laptop" maxLength={100} error={errors.name} className={formStyles.grow} />
      <Button type="submit" disabled={submitting}>
        Add a passkey
      </Button>
      <Alert>{formError}</Alert>
    </form>
  );
}

/** Passkeys: sign in with no password (and no second step) from a device that holds one. */
export function PasskeySection() {
  const { data: passkeys, error, mutate } = usePasskeys();
  const [failure, setFailure] = useState<string | null>(null);
  if (error && !passkeys) return <LoadError error={error} retry={() => void mutate()} what="your passkeys" />;
  if (!passkeys) return <p aria-busy="true">Loading passkeys…</p>;
  const remove = (id: string) => {
    setFailure(null);
    removePasskey(id).catch((thrown: unknown) => setFailure(describeError(thrown)));
  };
  return (
    <>
      {passkeys.length === 0 ? (
        <p>No passkeys yet.</p>
      ) : (
        <ul className={styles.sessions} aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <PasskeyItem key={passkey.id} passkey={passkey} onRemove={() => remove(passkey.id)} />
          ))}
        </ul>
      )}
      <Alert>{failure}</Alert>
      <AddPasskey />
    </>
  );
}
