import Head from "next/head";
import type { ReactNode } from "react";
import styles from "../styles/Auth.module.css";

/** The frame of the sign-in and sign-up pages. */
export function AuthLayout({ title, children, footer }: { title: string; children: ReactNode; footer: ReactNode }) {
  return (
    <>
      <Head>
        <title>{`${title} · Trax`}</title>
      </Head>
      <main id="main" className={styles.page}>
        <div className={styles.card}>
          <p className={styles.brand}>
            <span aria-hidden="true">♪</span> Trax
          </p>
          <h1 className={styles.title}>{title}</h1>
          {children}
          <p className={styles.footer}>{footer}</p>
        </div>
      </main>
    </>
  );
}
