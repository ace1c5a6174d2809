import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { POSTGRES_ADMIN_URL } from "./constants";
import { freePort, stopProcess, waitFor } from "./processes";

export const PGBOUNCER_BIN = process.env.PGBOUNCER_BIN ?? "/usr/sbin/pgbouncer";

/** PgBouncer on loopback in front of the test Postgres, as a hosted provider's pooled URL. */
export interface Pooler {
  port: number;
  /** The pooled connection string for one database of the test Postgres. */
  url(database: string): string;
  /** What PgBouncer printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** The pooled connection string for one database of the test Postgres, through the pooler on `port`. */
export function pooledUrl(port: number, database: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.host = `127.0.0.1:${port}`;
  url.pathname = `/${database}`;
  return url.toString();
}

export function poolerIsInstalled(): boolean {
  return existsSync(PGBOUNCER_BIN);
}

/**
 * Transaction mode and nothing else changed from PgBouncer's defaults (no
 * ignore_startup_parameters, no prepared-statement tracking): what Neon,
 * Supabase and Vercel Postgres put behind their pooled URLs. Authentication is
 * `trust` because the Postgres behind it trusts loopback too.
 */
function config(dir: string, port: number): string {
  const upstream = new URL(POSTGRES_ADMIN_URL);
  return [
    "[databases]",
    `* = host=${upstream.hostname} port=${upstream.port || 5432}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "pool_mode = transaction",
    "auth_type = trust",
    `auth_file = ${path.join(dir, "users.txt")}`,
    "",
  ].join("\n");
}

function writeConfig(port: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "trax-pgbouncer-"));
  const user = decodeURIComponent(new URL(POSTGRES_ADMIN_URL).username) || "postgres";
  writeFileSync(path.join(dir, "users.txt"), `"${user}" ""\n`);
  writeFileSync(path.join(dir, "pgbouncer.ini"), config(dir, port));
  // Readable by the unprivileged user PgBouncer switches to when started as root.
  for (const file of [dir, path.join(dir, "users.txt"), path.join(dir, "pgbouncer.ini")]) chmodSync(file, 0o755);
  return path.join(dir, "pgbouncer.ini");
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.end();
      resolve(true);
    }).on("error", () => resolve(false));
  });
}

/** PgBouncer refuses to run as root; as root it is started as the `postgres` system user. */
function privilegeArgs(): string[] {
  if (process.getuid?.() !== 0) return [];
  execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
  return ["-u", "postgres"];
}

export async function startPooler(): Promise<Pooler> {
  const port = await freePort();
  const file = writeConfig(port);
  const log = { text: "" };
  const child: ChildProcess = spawn(PGBOUNCER_BIN, [...privilegeArgs(), file], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk) => (log.text += chunk));
  child.stderr?.on("data", (chunk) => (log.text += chunk));
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited ${child.exitCode}:\n${log.text}`);
    return accepts(port);
  }, "PgBouncer to listen").catch(async (error: unknown) => {
    await stopProcess(child);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log.text}`);
  });
  const stop = async () => {
    await stopProcess(child);
    rmSync(path.dirname(file), { recursive: true, force: true });
  };
  return { port, url: (database) => pooledUrl(port, database), output: () => log.text, stop };
}
