import { useState } from "react";
import { describeError } from "@/lib/frontend/fetcher";
import { resendVerification } from "@/lib/frontend/mutations";
import { Alert } from "./Alert";
import { Button } from "./Button";

export function ResendVerification() {
  const [state, setState] = useState<{ sent?: boolean; error?: string; busy?: boolean }>({});
  async function resend() {
    setState({ busy: true });
    try {
      await resendVerification();
      setState({ sent: true });
    } catch (error) {
      setState({ error: describeError(error) });
    }
  }
  return (
    <>
      <Button type="button" onClick={resend} disabled={state.busy}>
        Resend confirmation link
      </Button>
      <Alert>{state.error}</Alert>
      <Alert tone="success">{state.sent && "A new link is on its way; older ones no longer work."}</Alert>
    </>
  );
}
