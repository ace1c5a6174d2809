/**
 * The Vercel deploy path, offline: `vercel build` of this project, and one of
 * its functions started on its own, as Vercel's Node.js runtime would. Used by
 * test/vercel.test.ts and bench/vercel.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync, realpathSync } from "node:fs";
import { cp, lstat, mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../support/constants";
import { freePort, run, stopProcess } from "../support/processes";

const vercelCli = path.join(ROOT, "node_modules/vercel/dist/vc.js");
const launcher = path.join(ROOT, "test/vercel/launcher.mjs");

/** What the function reads from its `.vc-config.json`. */
export interface FunctionConfig {
  handler: string;
  runtime: string;
  launcherType?: string;
  shouldAddHelpers?: boolean;
}

/** One function of the build output, as Vercel uploads it. */
export interface BuiltFunction {
  /** Its path under functions/, e.g. `api/[...path].func`. */
  name: string;
  dir: string;
  bytes: number;
  files: string[];
  config: FunctionConfig;
}

/**
 * Where the build under test keeps `.next` while `vercel build` runs its own
 * `next build` in the project: put back afterwards, so the suite's other
 * files keep serving the build they were started with.
 */
const SET_ASIDE = path.join(ROOT, "node_modules/.cache/trax-next-before-vercel-build");

async function withNextBuildSetAside<T>(fn: () => Promise<T>): Promise<T> {
  const nextDir = path.join(ROOT, ".next");
  const hadBuild = existsSync(nextDir);
  if (hadBuild) {
    await rm(SET_ASIDE, { recursive: true, force: true });
    await mkdir(path.dirname(SET_ASIDE), { recursive: true });
    await rename(nextDir, SET_ASIDE);
  }
  try {
    return await fn();
  } finally {
    if (hadBuild) {
      await rm(nextDir, { recursive: true, force: true });
      await rename(SET_ASIDE, nextDir);
    }
  }
}

/**
 * `vercel build --prod --standalone` into outputDir, with no login and no
 * network: the project settings come from .vercel/project.json, the
 * environment from `env` (what the project's settings would hold). Standalone
 * copies every traced file into its function, so a function's directory is
 * all that Vercel would upload for it. Resolves with the build's output.
 */
export async function vercelBuild(outputDir: string, env: Record<string, string>): Promise<string> {
  const buildEnv: Record<string, string | undefined> = {
    // The runner's own settings are not the project's.
    NODE_ENV: undefined,
    DATABASE_URL: undefined,
    DIRECT_DATABASE_URL: undefined,
    VERCEL_TELEMETRY_DISABLED: "1",
    NO_UPDATE_NOTIFIER: "1",
    ...env,
  };
  return withNextBuildSetAside(() =>
    run(process.execPath, [vercelCli, "build", "--prod", "--standalone", "--non-interactive", "--output", outputDir], buildEnv),
  );
}

function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? filesUnder(dir, relative) : [relative];
  });
}

async function bytesOf(dir: string, files: string[]): Promise<number> {
  const sizes = await Promise.all(files.map(async (file) => (await lstat(path.join(dir, file))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/**
 * The functions of a build output. Next groups its pages into a few
 * functions; every other route's `.func` is a symbolic link to one of them,
 * so only real directories are listed.
 */
export async function builtFunctions(outputDir: string): Promise<BuiltFunction[]> {
  const root = path.join(outputDir, "functions");
  const found: BuiltFunction[] = [];
  const visit = async (relative: string) => {
    for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
      const name = path.join(relative, entry.name);
      if (!entry.isDirectory()) continue;
      if (!entry.name.endsWith(".func")) {
        await visit(name);
        continue;
      }
      const dir = path.join(root, name);
      const files = filesUnder(dir);
      const config = JSON.parse(readFileSync(path.join(dir, ".vc-config.json"), "utf8")) as FunctionConfig;
      found.push({ name, dir, bytes: await bytesOf(dir, files), files, config });
    }
  };
  await visit("");
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** The directory that serves `route` (e.g. `api/signup`), through its link if it has one. */
export function functionFor(outputDir: string, route: string): string {
  return realpathSync(path.join(outputDir, "functions", `${route}.func`));
}

/**
 * Copies a function's directory into a fresh temporary directory, links kept
 * as they are (relative, inside the function), and checks that no
 * node_modules above it could lend the function a module it lacks.
 */
export async function copyFunction(functionDir: string): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), "trax-vercel-fn-")), "function");
  await cp(functionDir, dir, { recursive: true, verbatimSymlinks: true });
  for (let parent = path.dirname(dir); parent !== path.dirname(parent); parent = path.dirname(parent)) {
    if (existsSync(path.join(parent, "node_modules"))) throw new Error(`${parent}/node_modules would be on the copied function's module path`);
  }
  return dir;
}

export interface RunningFunction {
  baseUrl: string;
  /** performance.now() when the process was spawned. */
  spawnedAt: number;
  /** What the function printed so far (its log lines among it). */
  output(): string;
  /** Resident set size (VmRSS) of the function's process, in bytes (Linux /proc). */
  residentBytes(): number;
  stop(): Promise<void>;
}

/** The environment a deployed function has: the project's variables and Vercel's system ones, nothing of this machine's. */
export function functionEnv(project: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: "/usr/local/bin:/usr/bin:/bin", NODE_ENV: "production", VERCEL: "1", VERCEL_ENV: "production", VERCEL_REGION: "iad1", ...project };
}

function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/**
 * Starts a copied function under test/vercel/launcher.mjs on a loopback port,
 * with exactly `env` (see functionEnv). Resolves once it listens, before any
 * request: the caller decides what the first request is.
 */
export async function startFunction(dir: string, env: NodeJS.ProcessEnv): Promise<RunningFunction> {
  const port = await freePort();
  let log = "";
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, [launcher, dir, String(port)], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the function did not listen within 30 s")), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      log += chunk;
      if (log.includes("listening\n")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the function exited ${code}`));
    });
  });
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk));
  await listening.catch(async (error: unknown) => {
    await stopProcess(child);
    throw new Error(`${error instanceof Error ? error.message : String(error)}:\n${log}`);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the function has no process id");
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    spawnedAt,
    output: () => log,
    residentBytes: () => residentBytes(pid),
    stop: () => stopProcess(child),
  };
}
