import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RenderedMail } from "./templates";

/** Development without SMTP_URL: mail is kept here and printed, never sent. */
const MAILBOX_DIR = path.join(".data", "mailbox");
const SHOWN = 50;

export interface KeptMail extends RenderedMail {
  id: string;
  to: string;
  keptAt: string;
}

export async function keepForDeveloper(to: string, mail: RenderedMail): Promise<void> {
  const kept: KeptMail = { id: randomUUID(), to, keptAt: new Date().toISOString(), ...mail };
  await mkdir(MAILBOX_DIR, { recursive: true, mode: 0o700 });
  await writeFile(path.join(MAILBOX_DIR, `${Date.now()}-${kept.id}.json`), JSON.stringify(kept), { mode: 0o600 });
  console.log(`[trax] mail to ${to} (development mailbox, /dev/mailbox): ${mail.subject}\n${mail.text}`);
}

/** The newest kept mails first. */
export async function readDevMailbox(): Promise<KeptMail[]> {
  const names = await readdir(MAILBOX_DIR).catch(() => [] as string[]);
  const newest = names.filter((name) => name.endsWith(".json")).sort().reverse().slice(0, SHOWN);
  return Promise.all(newest.map(async (name) => JSON.parse(await readFile(path.join(MAILBOX_DIR, name), "utf8")) as KeptMail));
}
