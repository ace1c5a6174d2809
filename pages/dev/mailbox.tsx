import type { GetServerSideProps } from "next";
import Head from "next/head";
import { Fragment } from "react";
import { readDevMailbox, type KeptMail } from "@/lib/mail/dev-mailbox";
import { getEnv } from "@/lib/platform/env";
import styles from "../../styles/Auth.module.css";

interface Props {
  mails: KeptMail[];
}

// Development without SMTP_URL only: everywhere else this page does not exist.
export const getServerSideProps: GetServerSideProps<Props> = async () => {
  const env = getEnv();
  if (env.isProduction || env.SMTP_URL) return { notFound: true };
  return { props: { mails: await readDevMailbox() } };
};

const URL_PATTERN = /(https?:\/\/\S+)/g;

function Linked({ text }: { text: string }) {
  return (
    <>
      {text.split(URL_PATTERN).map((part, index) => (
        <Fragment key={index}>{index % 2 === 1 ? <a href={part}>{part}</a> : part}</Fragment>
      ))}
    </>
  );
}

export default function DevMailboxPage({ mails }: Props) {
  return (
    <>
      <Head>
        <title>Development mailbox · Trax</title>
      </Head>
      <main id="main" className={styles.page}>
        <div className={styles.card}>
          <h1 className={styles.title}>Development mailbox</h1>
          <p>Mail the app would have sent (no SMTP_URL is set). Newest first; reload for more.</p>
          {mails.length === 0 && <p>No mail yet.</p>}
          {mails.map((mail) => (
            <article key={mail.id} aria-label={mail.subject}>
              <h2>{mail.subject}</h2>
              <p>
                To {mail.to}, {new Date(mail.keptAt).toUTCString()}
              </p>
              <pre style={{ whiteSpace: "pre-wrap" }}>
                <Linked text={mail.text} />
              </pre>
            </article>
          ))}
        </div>
      </main>
    </>
  );
}
