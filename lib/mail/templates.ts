import { html, type SafeHtml } from "./html";

/** Each mail the app sends, and the data its template needs. */
export interface MailTemplates {
  "password-reset": { link: string; minutes: number };
  "password-changed": Record<string, never>;
  "email-verification": { link: string };
  "email-change": { link: string; newEmail: string };
  "email-change-requested": { newEmail: string };
  "email-changed": { newEmail: string };
  "email-taken": Record<string, never>;
  "signup-existing": { signInLink: string; resetLink: string };
  /** A sign-in or account change that touched the second factor or a passkey; `change` is a sentence. */
  "second-factor-changed": { change: string };
  "recovery-code-used": { remaining: number };
}

export type TemplateName = keyof MailTemplates;

export const TEMPLATE_NAMES = [
  "password-reset",
  "password-changed",
  "email-verification",
  "email-change",
  "email-change-requested",
  "email-changed",
  "email-taken",
  "signup-existing",
  "second-factor-changed",
  "recovery-code-used",
] as const satisfies readonly TemplateName[];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface Content {
  subject: string;
  /** Paragraphs; a link is its own paragraph so it stays whole in the text part. */
  lines: string[];
  action?: { label: string; link: string };
  footer?: string;
}

const IGNORE = "If you did not ask for this, you can ignore this mail.";
const NOT_YOU = "If this was not you, reset your password now and check your account's sessions.";

const contents: { [K in TemplateName]: (data: MailTemplates[K]) => Content } = {
  "password-reset": ({ link, minutes }) => ({
    subject: "Reset your Trax password",
    lines: [`Someone asked to reset the password of the Trax account for this address. The link works once, for ${minutes} minutes.`],
    action: { label: "Choose a new password", link },
    footer: IGNORE,
  }),
  "password-changed": () => ({
    subject: "Your Trax password was changed",
    lines: ["The password of your Trax account was just changed."],
    footer: NOT_YOU,
  }),
  "email-verification": ({ link }) => ({
    subject: "Confirm your email for Trax",
    lines: ["Confirm that this address belongs to your Trax account. The link works once, for 24 hours."],
    action: { label: "Confirm my email", link },
    footer: IGNORE,
  }),
  "email-change": ({ link, newEmail }) => ({
    subject: "Confirm your new email for Trax",
    lines: [`Confirm ${newEmail} as the new address of your Trax account. Nothing changes until you do. The link works once, for 24 hours.`],
    action: { label: "Use this address", link },
    footer: IGNORE,
  }),
  "email-change-requested": ({ newEmail }) => ({
    subject: "A change of your Trax email was requested",
    lines: [`Someone signed in to your Trax account asked to change its email to ${newEmail}. It changes only if the link sent there is followed.`],
    footer: NOT_YOU,
  }),
  "email-changed": ({ newEmail }) => ({
    subject: "Your Trax email was changed",
    lines: [`The email of your Trax account is now ${newEmail}; mail no longer comes to this address.`],
    footer: NOT_YOU,
  }),
  "email-taken": () => ({
    subject: "This address already has a Trax account",
    lines: ["Someone asked to move another Trax account to this address, but it already belongs to an account. Nothing was changed."],
    footer: IGNORE,
  }),
  "signup-existing": ({ signInLink, resetLink }) => ({
    subject: "You already have a Trax account",
    lines: [`Someone tried to sign up with this address, which already has an account. Sign in at ${signInLink}, or reset your password at ${resetLink}.`],
    footer: IGNORE,
  }),
  "second-factor-changed": ({ change }) => ({
    subject: "Your Trax sign-in settings changed",
    lines: [change],
    footer: NOT_YOU,
  }),
  "recovery-code-used": ({ remaining }) => ({
    subject: "A recovery code was used to sign in to Trax",
    lines: [
      `Someone signed in to your Trax account with one of its recovery codes. ${remaining === 1 ? "1 code is" : `${remaining} codes are`} left.`,
      remaining <= 3 ? "Make a new set on your account page (Authenticator app) before you run out." : "Each code works once.",
    ],
    footer: NOT_YOU,
  }),
};

function textPart({ lines, action, footer }: Content): string {
  const paragraphs = [...lines, ...(action ? [`${action.label}:`, action.link] : []), ...(footer ? [footer] : []), "— Trax"];
  return `${paragraphs.join("\n\n")}\n`;
}

function htmlPart({ subject, lines, action, footer }: Content): SafeHtml {
  const button = action
    ? html`<p><a href="${action.link}" style="display:inline-block;padding:10px 16px;background:#4338ca;color:#ffffff;text-decoration:none;border-radius:6px">${action.label}</a></p>
<p style="font-size:13px;color:#555555">Or paste this link into your browser: ${action.link}</p>`
    : html``;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111111">
${lines.map((line) => html`<p>${line}</p>`)}
${button}
${footer ? html`<p style="font-size:13px;color:#555555">${footer}</p>` : html``}
<p>— Trax</p>
</body></html>`;
}

export function renderMail<K extends TemplateName>(template: K, data: MailTemplates[K]): RenderedMail {
  const content = contents[template](data);
  return { subject: content.subject, text: textPart(content), html: htmlPart(content).value };
}
