import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A delivered mail, as the receiving server got it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function decodePart(headers: string, body: string): string {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return body;
}

function splitHead(raw: string): [string, string] {
  const index = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, index).replace(/\r?\n[ \t]+/g, " ");
  return [head, raw.slice(index).replace(/^\r?\n\r?\n/, "")];
}

function decodeHeaderWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
    kind.toLowerCase() === "b" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
  );
}

/** Enough MIME for what nodemailer writes: a multipart/alternative of text and HTML. */
export function parseMail(raw: string): Pick<ReceivedMail, "subject" | "text" | "html"> {
  const [head, body] = splitHead(raw);
  const subject = decodeHeaderWords(/^subject:\s*(.*)$/im.exec(head)?.[1] ?? "");
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(head)?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [raw];
  const found = { text: "", html: "" };
  for (const part of parts) {
    const [partHead, partBody] = boundary ? splitHead(part.replace(/^\r?\n/, "")) : [head, body];
    const decoded = decodePart(partHead, partBody.replace(/\r?\n$/, ""));
    if (/content-type:\s*text\/html/i.test(partHead)) found.html = decoded;
    else if (/content-type:\s*text\/plain/i.test(partHead)) found.text = decoded;
  }
  return { subject, ...found };
}

export interface TestSmtp {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Mails to this address so far. */
  to(address: string): ReceivedMail[];
  /** Waits for the n-th mail (1-based) to this address. */
  waitFor(address: string, count?: number, timeoutMs?: number): Promise<ReceivedMail>;
  /** Waits for the first mail to this address with this subject. */
  waitForSubject(address: string, subject: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** Stops listening (the "mail server is down"); start() listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

function createServer(mails: ReceivedMail[]): SMTPServer {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const envelope = session.envelope;
        mails.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : "",
          to: envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          ...parseMail(raw),
          raw,
        });
        callback();
      });
    },
  });
  // A client's connection error (an app instance stopped mid-delivery resets its
  // socket) is emitted on the server; unhandled, it would end the test run.
  server.on("error", () => {});
  return server;
}

function listen(server: SMTPServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port));
  });
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export async function startSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  let server = createServer(mails);
  const port = await listen(server, 0);
  const to = (address: string) => mails.filter((mail) => mail.to.includes(address.toLowerCase()));
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    to,
    async waitFor(address, count = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = to(address)[count - 1];
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no mail #${count} to ${address} within ${timeoutMs} ms (got ${to(address).length})`);
    },
    async waitForSubject(address, subject, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = to(address).find((mail) => mail.subject === subject);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no mail "${subject}" to ${address} within ${timeoutMs} ms`);
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
    async start() {
      server = createServer(mails);
      await listen(server, port);
    },
  };
}

/** The first link into the app found in a mail's text part. */
export function linkIn(mail: ReceivedMail): URL {
  const found = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!found) throw new Error(`no link in mail "${mail.subject}":\n${mail.text}`);
  return new URL(found);
}

/** The token a mailed link carries, in its fragment. */
export function tokenIn(mail: ReceivedMail): string {
  const token = new URLSearchParams(linkIn(mail).hash.slice(1)).get("token");
  if (!token) throw new Error(`no token in the link of "${mail.subject}"`);
  return token;
}
