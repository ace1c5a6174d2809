import Head from "next/head";
import Link from "next/link";
import { useRouter } from "next/router";
import type { ReactNode } from "react";
import { useMe, type User } from "@/lib/frontend/hooks";
import styles from "../styles/AppLayout.module.css";
import { SignOutButton } from "./SignOutButton";
import { VerifyBanner } from "./VerifyBanner";

const NAV = [
  { href: "/", label: "Playlists" },
  { href: "/account", label: "Account" },
];

/** The frame of every signed-in page: brand, navigation, who is signed in, and Sign out. */
export function AppLayout({ title, user, children }: { title: string; user: User; children: ReactNode }) {
  const router = useRouter();
  const me = useMe().data ?? user;
  return (
    <>
      <Head>
        <title>{`${title} · Trax`}</title>
      </Head>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className={styles.header}>
        <div className={styles.bar}>
          <Link href="/" className={styles.brand}>
            <span aria-hidden="true" className={styles.logo}>
              ♪
            </span>
            Trax
          </Link>
          <nav aria-label="Main" className={styles.nav}>
            {NAV.map(({ href, label }) => (
              <Link key={href} href={href} className={styles.navLink} aria-current={router.pathname === href ? "page" : undefined}>
                {label}
              </Link>
            ))}
          </nav>
          <div className={styles.user}>
            <span className={styles.who} title={me.email}>
              {me.name || me.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className={styles.main} tabIndex={-1}>
        <VerifyBanner user={me} />
        {children}
      </main>
    </>
  );
}
