import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../test/support/constants";
import { freePort, stopProcess } from "../test/support/processes";

export const COOKIE_NAME = "__Host-trax_session";
const nextBin = path.join(ROOT, "node_modules/next/dist/bin/next");

export interface BenchServer {
  baseUrl: string;
  /** Milliseconds from spawn until `ready` first held. */
  startupMs: number;
  /** CPU time the server process has used so far (Linux /proc), or null elsewhere. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15). */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `next start` (of `dir`, the app by default) on loopback and polls `ready` every 20 ms until it holds (60 s at most). */
export async function startServer(
  env: NodeJS.ProcessEnv,
  ready: (baseUrl: string) => Promise<boolean>,
  dir = ROOT,
): Promise<BenchServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = "";
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", dir, "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (log += chunk));
  child.stderr?.on("data", (chunk) => (log += chunk));
  while (!(await ready(baseUrl).catch(() => false))) {
    if (child.exitCode !== null || performance.now() - started > 60_000) {
      await stopProcess(child);
      throw new Error(`next start did not become ready:\n${log}`);
    }
    await sleep(20);
  }
  return { baseUrl, startupMs: performance.now() - started, cpuMs: () => processCpuMs(child.pid), stop: () => stopProcess(child) };
}

export const answersHealth = async (baseUrl: string) => (await fetch(`${baseUrl}/api/health`)).ok;

export function answersMe(cookie: string) {
  return async (baseUrl: string) => (await fetch(`${baseUrl}/api/me`, { headers: { cookie } })).status === 200;
}

/** Signs up through the API: the new user's id and the `Cookie` header value that carries its session. */
export async function signUp(baseUrl: string, email: string, password: string): Promise<{ userId: string; cookie: string }> {
  const response = await fetch(`${baseUrl}/api/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, name: "Bench" }),
  });
  const token = response.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c?.startsWith(`${COOKIE_NAME}=`));
  const body = (await response.json()) as { user?: { id?: string } };
  if (response.status !== 201 || !token || !body.user?.id) throw new Error(`sign-up failed: ${response.status}`);
  return { userId: body.user.id, cookie: token };
}

/** Signs up on the better-auth peer app: the `Cookie` header value its sign-up set. */
export async function signUpPeer(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: "POST",
    // better-auth refuses a request without an Origin its baseURL trusts (the peer's: http://127.0.0.1).
    headers: { "content-type": "application/json", origin: "http://127.0.0.1" },
    body: JSON.stringify({ email, password, name: "Bench" }),
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (!response.ok || !cookie) throw new Error(`better-auth sign-up failed: ${response.status} ${await response.text()}`);
  return cookie;
}
