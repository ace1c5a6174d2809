import { useState } from "react";
import type { User } from "@/lib/frontend/hooks";
import { confirmTotp, disableTotp, regenerateRecoveryCodes, startTotpSetup } from "@/lib/frontend/second-factor";
import { confirmTotpSchema, passwordOnlySchema } from "@/lib/mfa/schemas";
import formStyles from "../styles/Form.module.css";
import styles from "../styles/Account.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { QrCode } from "./QrCode";
import { RecoveryCodes } from "./RecoveryCodes";
import { useZodForm } from "./useZodForm";

/** A form that asks for the password before `action` (the contract's sensitive operations do). */
function PasswordStep({ label, button, variant, action }: { label: string; button: string; variant?: "danger" | "secondary"; action: (password: string) => Promise<void> }) {
  const { onSubmit, errors, formError, submitting } = useZodForm(passwordOnlySchema, async ({ password }, form) => {
    await action(password);
    form.reset();
  });
  return (
    <form onSubmit={onSubmit} noValidate className={formStyles.form} aria-label={label}>
      <Field label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} />
      <Alert>{formError}</Alert>
      <Button type="submit" variant={variant} disabled={submitting} className={formStyles.submit}>
        {button}
      </Button>
    </form>
  );
}

function ConfirmSetup({ setup, onConfirmed }: { setup: { secret: string; uri: string }; onConfirmed: (codes: string[]) => void }) {
  const { onSubmit, errors, formError, submitting } = useZodForm(confirmTotpSchema, async ({ code }) => onConfirmed(await confirmTotp(code)));
  return (
    <div className={styles.stack}>
      <p>Scan this with your authenticator app, or type the key into it, then enter the code it shows.</p>
      <QrCode text={setup.uri} label="QR code for your authenticator app" />
      <p>
        Key: <span className={styles.secret}>{setup.secret}</span>
      </p>
      <form onSubmit={onSubmit} noValidate className={formStyles.form} aria-label="Confirm the authenticator app">
        <Field label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={9} error={errors.code} />
        <Alert>{formError}</Alert>
        <Button type="submit" disabled={submitting} className={formStyles.submit}>
          Turn on
        </Button>
      </form>
    </div>
  );
}

/** Set up, confirm, regenerate codes for, and turn off the authenticator app (TOTP). */
export function TotpSection({ user }: { user: User }) {
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) return <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  if (setup) {
    return (
      <ConfirmSetup
        setup={setup}
        onConfirmed={(made) => {
          setSetup(null);
          setCodes(made);
        }}
      />
    );
  }
  if (!user.mfa.totp) {
    return (
      <>
        <p>Off. With it on, signing in with your password also asks for a code from an app on your phone.</p>
        <PasswordStep label="Set up an authenticator app" button="Set up" action={async (password) => setSetup(await startTotpSetup(password))} />
      </>
    );
  }
  return (
    <>
      <p>
        <strong>On.</strong> Signing in with your password asks for a code from your app, or one of your recovery codes.
      </p>
      <h3 className={styles.subheading}>New recovery codes</h3>
      <PasswordStep label="New recovery codes" button="Make new codes" variant="secondary" action={async (password) => setCodes(await regenerateRecoveryCodes(password))} />
      <h3 className={styles.subheading}>Turn off</h3>
      <PasswordStep label="Turn off the authenticator app" button="Turn off" variant="danger" action={disableTotp} />
    </>
  );
}
