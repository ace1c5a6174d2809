import { useState } from "react";
import styles from "../styles/Account.module.css";
import { Button } from "./Button";

/** Shown once, right after they were made: the server keeps only their hashes. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(codes.join("\n")).then(() => setCopied(true), () => setCopied(false));
  }
  return (
    <div className={styles.newToken} role="status">
      <p>
        <strong>Your recovery codes.</strong> Keep them somewhere safe: each signs you in once if you lose your authenticator app. They will not be shown again.
      </p>
      <ol className={styles.codes} aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className={styles.tokenActions}>
        <Button variant="secondary" size="small" onClick={copy}>
          {copied ? "Copied" : "Copy codes"}
        </Button>
        <Button variant="ghost" size="small" onClick={onDone}>
          I have saved them
        </Button>
      </div>
    </div>
  );
}
