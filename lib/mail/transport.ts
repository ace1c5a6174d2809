import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "@/lib/platform/env";
import { keepForDeveloper } from "./dev-mailbox";
import type { RenderedMail } from "./templates";

type Send = (to: string, mail: RenderedMail) => Promise<void>;

let transporter: Transporter | undefined;

// Bounded so a stalled mail server cannot hold a claimed mail past its lock.
function smtp(url: string): Transporter {
  transporter ??= nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return transporter;
}

/** SMTP when SMTP_URL is set (production requires it); otherwise the development mailbox. */
export function mailSender(): Send {
  const env = getEnv();
  if (!env.SMTP_URL) return keepForDeveloper;
  const url = env.SMTP_URL;
  return async (to, mail) => {
    await smtp(url).sendMail({ from: env.MAIL_FROM, to, subject: mail.subject, text: mail.text, html: mail.html });
  };
}
