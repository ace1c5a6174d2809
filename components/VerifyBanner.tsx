import type { User } from "@/lib/frontend/hooks";
import styles from "../styles/AppLayout.module.css";
import { ResendVerification } from "./ResendVerification";

/** Shown on every signed-in page until the address is confirmed. */
export function VerifyBanner({ user }: { user: User }) {
  if (user.emailVerified) return null;
  return (
    <section aria-label="Confirm your email" className={styles.banner}>
      <p>Confirm your email: we sent a link to {user.email}.</p>
      <ResendVerification />
    </section>
  );
}
