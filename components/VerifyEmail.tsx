import Link from "next/link";
import { useState } from "react";
import { describeError } from "@/lib/frontend/fetcher";
import { verifyEmail } from "@/lib/frontend/mutations";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";

/** A button rather than on load: link scanners that open mail must not confirm an address. */
export function VerifyEmail({ token }: { token: string }) {
  const [state, setState] = useState<{ email?: string; error?: string; busy?: boolean }>({});
  async function confirm() {
    setState({ busy: true });
    try {
      setState({ email: (await verifyEmail(token)).email });
    } catch (error) {
      setState({ error: describeError(error) });
    }
  }
  if (state.email) {
    return (
      <Alert tone="success">
        {state.email} is confirmed. <Link href="/account">Go to your account</Link>
      </Alert>
    );
  }
  return (
    <div className={styles.form}>
      <Alert>{state.error}</Alert>
      <Button type="button" onClick={confirm} disabled={state.busy} className={styles.submit}>
        {state.busy ? "Confirming…" : "Confirm my email"}
      </Button>
    </div>
  );
}
