import { browserSupportsWebAuthnAutofill } from "@simplewebauthn/browser";
import Link from "next/link";
import { useRouter } from "next/router";
import { useEffect, useState } from "react";
import { signInSchema } from "@/lib/auth/schemas";
import { ApiError, describeError } from "@/lib/frontend/fetcher";
import { cancelPasskeyAutofill, completeSignIn, signInWithPasskey, signInWithPassword } from "@/lib/frontend/second-factor";
import { confirmTotpSchema, recoveryCodeFormSchema } from "@/lib/mfa/schemas";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { useZodForm } from "./useZodForm";

function CodeForm({ onDone, onExpired }: { onDone: () => Promise<void>; onExpired: () => void }) {
  const submit = async (input: { code: string } | { recoveryCode: string }) => {
    try {
      await completeSignIn(input);
    } catch (error) {
      // The 5-minute step ran out (or was used elsewhere): start again from the password.
      if (error instanceof ApiError && error.code === "unauthenticated") return onExpired();
      throw error;
    }
    await onDone();
  };
  const totp = useZodForm(confirmTotpSchema, submit);
  const recovery = useZodForm(recoveryCodeFormSchema, submit);
  const [useRecovery, setUseRecovery] = useState(false);
  const { onSubmit, errors, formError, submitting } = useRecovery ? recovery : totp;
  return (
    <form onSubmit={onSubmit} noValidate className={styles.form} aria-label="Second step">
      {useRecovery ? (
        <Field key="recovery" label="Recovery code" name="recoveryCode" autoComplete="off" autoFocus required error={errors.recoveryCode} hint="One of the codes you saved when you set up your authenticator app." />
      ) : (
        <Field key="code" label="Code from your authenticator app" name="code" inputMode="numeric" autoComplete="one-time-code" autoFocus required maxLength={9} error={errors.code} />
      )}
      <Alert>{formError}</Alert>
      <Button type="submit" disabled={submitting} className={styles.submit}>
        {submitting ? "Checking…" : "Verify"}
      </Button>
      <p>
        <Button variant="ghost" size="small" onClick={() => setUseRecovery(!useRecovery)}>
          {useRecovery ? "Use the code from your app instead" : "Use a recovery code instead"}
        </Button>
      </p>
    </form>
  );
}

/** Passkeys offered in the email field's suggestions where the browser can, and on a button everywhere. */
function usePasskeySignIn(onSignedIn: () => Promise<void>) {
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    void browserSupportsWebAuthnAutofill().then((supported) => {
      if (!supported || !active) return;
      signInWithPasskey(true).then((user) => (user && active ? onSignedIn() : undefined), (error: unknown) => active && setFailure(describeError(error)));
    });
    return () => {
      active = false;
      cancelPasskeyAutofill();
    };
    // Once per visit to the page: a new request would cancel the pending one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const withButton = async () => {
    setFailure(null);
    try {
      if (await signInWithPasskey(false)) await onSignedIn();
    } catch (error) {
      setFailure(describeError(error));
    }
  };
  return { failure, withButton };
}

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [secondStep, setSecondStep] = useState(false);
  const [expired, setExpired] = useState(false);
  const finish = async () => {
    await router.replace(next);
  };
  const passkey = usePasskeySignIn(finish);
  const { onSubmit, errors, formError, submitting } = useZodForm(signInSchema, async (input) => {
    setExpired(false);
    const result = await signInWithPassword(input);
    if ("mfaRequired" in result) return setSecondStep(true);
    await finish();
  });
  if (secondStep) {
    return (
      <CodeForm
        onDone={finish}
        onExpired={() => {
          setSecondStep(false);
          setExpired(true);
        }}
      />
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className={styles.form}>
      {expired && <Alert>That took too long: sign in with your password again.</Alert>}
      <Field label="Email" name="email" type="email" autoComplete="username webauthn" required error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={errors.password} />
      <Alert>{formError ?? passkey.failure}</Alert>
      <Button type="submit" disabled={submitting} className={styles.submit}>
        {submitting ? "Signing in…" : "Sign in"}
      </Button>
      <Button variant="secondary" onClick={() => void passkey.withButton()}>
        Sign in with a passkey
      </Button>
      <p>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
    </form>
  );
}
