import type { ReactNode } from "react";
import { useMe } from "@/lib/frontend/hooks";
import { signedInPage, type SignedInProps } from "@/lib/frontend/page-auth";
import { AppLayout } from "../components/AppLayout";
import { DeleteAccountForm } from "../components/DeleteAccountForm";
import { EmailForm } from "../components/EmailForm";
import { PasskeySection } from "../components/PasskeySection";
import { PasswordForm } from "../components/PasswordForm";
import { ProfileForm } from "../components/ProfileForm";
import { SessionList } from "../components/SessionList";
import { TokenForm } from "../components/TokenForm";
import { TotpSection } from "../components/TotpSection";
import styles from "../styles/Account.module.css";

export const getServerSideProps = signedInPage();

function Section({ id, title, intro, children, danger }: { id: string; title: string; intro?: string; children: ReactNode; danger?: boolean }) {
  return (
    <section aria-labelledby={id} className={`${styles.section} ${danger ? styles.danger : ""}`}>
      <h2 id={id}>{title}</h2>
      {intro && <p className={styles.muted}>{intro}</p>}
      {children}
    </section>
  );
}

export default function AccountPage({ user }: SignedInProps) {
  const me = useMe().data ?? user;
  return (
    <AppLayout title="Account" user={user}>
      <h1>Account</h1>
      <div className={styles.grid}>
        <Section id="profile" title="Profile">
          <ProfileForm user={me} />
        </Section>
        <Section id="email" title="Email">
          <EmailForm user={me} />
        </Section>
        <Section id="password" title="Change password">
          <PasswordForm />
        </Section>
        <Section id="sessions" title="Sessions and API tokens" intro="Everywhere you are signed in, and the tokens scripts use. Revoke any you do not recognise.">
          <SessionList />
          <h3 className={styles.subheading}>New API token</h3>
          <TokenForm />
        </Section>
        <Section id="totp" title="Authenticator app">
          <TotpSection user={me} />
        </Section>
        <Section id="passkeys" title="Passkeys" intro="Sign in with your fingerprint, face or device PIN instead of a password; no code is asked for.">
          <PasskeySection />
        </Section>
        <Section id="delete" title="Delete account" danger>
          <DeleteAccountForm />
        </Section>
      </div>
    </AppLayout>
  );
}
