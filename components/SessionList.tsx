import { useState } from "react";
import { describeError } from "@/lib/frontend/fetcher";
import { useSessions, type Session } from "@/lib/frontend/hooks";
import { revokeOtherSessions, revokeSession } from "@/lib/frontend/mutations";
import styles from "../styles/Account.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { formatDate } from "./format";
import { LoadError } from "./LoadError";

function describeSession(session: Session): string {
  if (session.kind === "api") return session.name ? `API token “${session.name}”` : "API token";
  return session.name || "Browser session";
}

const METHODS: Record<NonNullable<Session["method"]>, string> = {
  password: "signed in with a password",
  password_totp: "signed in with a password and an authenticator app",
  recovery_code: "signed in with a password and a recovery code",
  passkey: "signed in with a passkey",
};

/** "read only · Chrome on macOS · 203.0.113.7": what the owner needs to recognise it, as seen when it was made. */
function describeOrigin({ scope, device, method }: Session): string {
  const where = [device.browser, device.os].filter(Boolean).join(" on ");
  const access = scope === "read" ? "read only" : scope === "write" ? "read and edit playlists" : null;
  return [access, method && METHODS[method], where, device.ip].filter(Boolean).join(" · ");
}

function SessionItem({ session, onRevoke }: { session: Session; onRevoke: (session: Session) => void }) {
  return (
    <li className={styles.session}>
      <div className={styles.sessionText}>
        <span className={styles.sessionName}>
          {describeSession(session)}
          {session.current && <span className={styles.badge}>This browser</span>}
        </span>
        {describeOrigin(session) && <span className={styles.muted}>{describeOrigin(session)}</span>}
        <span className={styles.muted}>
          Last used {formatDate(session.lastUsedAt)} · expires {formatDate(session.expiresAt)}
        </span>
      </div>
      {!session.current && (
        <Button variant="secondary" size="small" onClick={() => onRevoke(session)} aria-label={`Revoke ${describeSession(session)}`}>
          Revoke
        </Button>
      )}
    </li>
  );
}

export function SessionList() {
  const { data: sessions, error, mutate } = useSessions();
  const [failure, setFailure] = useState<string | null>(null);
  if (error && !sessions) return <LoadError error={error} retry={() => void mutate()} what="your sessions" />;
  if (!sessions) return <p aria-busy="true">Loading sessions…</p>;

  const run = (action: Promise<void>) => {
    setFailure(null);
    action.catch((thrown: unknown) => setFailure(describeError(thrown)));
  };
  const others = sessions.filter((session) => !session.current).length;
  return (
    <>
      <ul className={styles.sessions}>
        {sessions.map((session) => (
          <SessionItem key={session.id} session={session} onRevoke={(s) => run(revokeSession(s.id))} />
        ))}
      </ul>
      <Alert>{failure}</Alert>
      <Button variant="secondary" onClick={() => run(revokeOtherSessions())} disabled={others === 0}>
        Sign out everywhere else
      </Button>
    </>
  );
}
