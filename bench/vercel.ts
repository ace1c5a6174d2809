/**
 * `npm run bench:vercel`: what a Vercel deployment of this repository costs per
 * function. Builds with `vercel build --prod --standalone` (offline, as
 * test/vercel.test.ts does; the build command migrates a fresh database), then
 * reports each function's size, and for the API function copied alone into an
 * empty directory and started as Vercel's Node.js runtime would: cold start
 * (spawn until the first 200 of GET /api/health, through PgBouncer in
 * transaction mode) and resident memory after 20 requests, over a few starts.
 * Writes its section of bench/RESULTS.md and bench/out/vercel-last-run.json.
 *
 * BENCH_VERCEL_OUTPUT=<dir> measures an existing `vercel build --standalone`
 * output instead of building (e.g. one made from an older commit), and writes
 * only bench/out/vercel-<dir name>.json.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, readdir, realpath, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { ROOT, postgresUrl } from "../test/support/constants";
import { createPostgresDatabase, dropPostgresDatabase, migrateAndSeed, removeDir } from "../test/support/databases";
import { startPooler } from "../test/support/pooler";
import { builtFunctions, copyFunction, functionEnv, functionFor, startFunction, vercelBuild } from "../test/vercel/function";
import { VERCEL_SECTION, withVercelSection } from "./sections";
import { COOKIE_NAME } from "./server";
import { median, round } from "./stats";

const COLD_STARTS = 5;
const REQUESTS = 20;
const PASSWORD = "bench-password-2026";
const SECRET = randomBytes(48).toString("base64url");
const given = process.env.BENCH_VERCEL_OUTPUT;
const RESULTS = path.join(ROOT, "bench/RESULTS.md");

interface VercelRun {
  date: string;
  machine: { cpus: number; cpuModel: string; node: string; loadavg: [number, number] };
  vercelCli: string;
  buildSeconds: number | null;
  functions: { name: string; routes: number; bytes: number; files: number; runtime: string }[];
  /** Per start of the API function: ms from spawn to listening, and to the first 200 of /api/health. */
  listenMs: number[];
  firstOkMs: number[];
  /** VmRSS after REQUESTS requests, per start. */
  residentBytes: number[];
}

function log(message: string): void {
  console.log(`[bench:vercel ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many routes (`.func` entries, links included) each real function serves. */
async function routeCounts(outputDir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const visit = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.name.endsWith(".func")) {
        const real = await realpath(full);
        counts.set(real, (counts.get(real) ?? 0) + 1);
      } else if (entry.isDirectory()) {
        await visit(full);
      }
    }
  };
  await visit(path.join(outputDir, "functions"));
  return counts;
}

async function send(baseUrl: string, route: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${baseUrl}${route}`, { ...init, headers: { "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https", ...init.headers } });
}

/** One start of the function: time to listen, to the first 200, then REQUESTS requests and the process's RSS. */
async function oneStart(dir: string, env: NodeJS.ProcessEnv) {
  const fn = await startFunction(dir, env);
  try {
    const listenMs = performance.now() - fn.spawnedAt;
    while ((await send(fn.baseUrl, "/api/health").catch(() => null))?.status !== 200) {
      if (performance.now() - fn.spawnedAt > 60_000) throw new Error(`no 200 from /api/health within 60 s:\n${fn.output()}`);
      await sleep(10);
    }
    const firstOkMs = performance.now() - fn.spawnedAt;
    const email = `bench-${randomBytes(4).toString("hex")}@bench.local`;
    const signUp = await send(fn.baseUrl, "/api/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const cookie = signUp.headers.getSetCookie().map((value) => value.split(";")[0] ?? "").find((value) => value.startsWith(`${COOKIE_NAME}=`));
    if (signUp.status !== 201 || !cookie) throw new Error(`sign-up answered ${signUp.status}:\n${fn.output()}`);
    for (let i = 1; i < REQUESTS; i++) {
      const me = await send(fn.baseUrl, "/api/me", { headers: { cookie } });
      if (me.status !== 200) throw new Error(`/api/me answered ${me.status}:\n${fn.output()}`);
      await me.arrayBuffer();
    }
    return { listenMs, firstOkMs, residentBytes: fn.residentBytes() };
  } finally {
    await fn.stop();
  }
}

async function measure(outputDir: string, env: NodeJS.ProcessEnv): Promise<Pick<VercelRun, "functions" | "listenMs" | "firstOkMs" | "residentBytes">> {
  const routes = await routeCounts(outputDir);
  const functions = (await builtFunctions(outputDir)).map((fn) => ({
    name: fn.name,
    routes: routes.get(fn.dir) ?? 1,
    bytes: fn.bytes,
    files: fn.files.length,
    runtime: fn.config.runtime,
  }));
  const copy = await copyFunction(functionFor(outputDir, "api/signup"));
  const runs: Awaited<ReturnType<typeof oneStart>>[] = [];
  try {
    for (let i = 0; i < COLD_STARTS; i++) {
      runs.push(await oneStart(copy, env));
      log(`start ${i + 1}/${COLD_STARTS}: first 200 after ${round(runs.at(-1)?.firstOkMs ?? Number.NaN, 0)} ms`);
    }
  } finally {
    await removeDir(path.dirname(copy));
  }
  return {
    functions,
    listenMs: runs.map((run) => run.listenMs),
    firstOkMs: runs.map((run) => run.firstOkMs),
    residentBytes: runs.map((run) => run.residentBytes),
  };
}

const mb = (bytes: number) => `${round(bytes / 1e6, 1)} MB`;
const list = (values: number[], format: (value: number) => string) => values.map(format).join(", ");

/** The baseline measured before the tracing exclusions, if committed. */
function baseline(): VercelRun | null {
  const file = path.join(ROOT, "bench/vercel-before-excludes.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as VercelRun) : null;
}

function renderSection(run: VercelRun): string {
  const before = baseline();
  const ms = (value: number) => round(value, 0);
  const sizeRows = run.functions.map((fn) => {
    const old = before?.functions.find((candidate) => candidate.name === fn.name);
    return `| \`${fn.name}\` | ${fn.routes} | ${fn.runtime} | ${old ? `${mb(old.bytes)} (${old.files} files)` : "—"} | **${mb(fn.bytes)}** (${fn.files} files) |`;
  });
  const figure = (label: string, pick: (r: VercelRun) => number[], format: (v: number) => string) => {
    const now = pick(run);
    const old = before ? pick(before) : [];
    const oldCell = old.length ? `${format(median(old))} (${list(old, format)})` : "—";
    return `| ${label} | ${oldCell} | **${format(median(now))}** (${list(now, format)}) |`;
  };
  return [
    VERCEL_SECTION.start,
    "## Vercel functions (`npm run bench:vercel`)",
    "",
    `Generated on ${run.date}. Machine: ${run.machine.cpus} CPUs (${run.machine.cpuModel}), Node ${run.machine.node}; ` +
      `1-min load average ${round(run.machine.loadavg[0], 1)} before, ${round(run.machine.loadavg[1], 1)} after. ` +
      `Vercel CLI ${run.vercelCli}; \`vercel build --prod --standalone\` took ${run.buildSeconds === null ? "—" : `${round(run.buildSeconds, 0)} s`} (npm install, migrations, next build).`,
    before ? `"Before" is the same measurement of a build without \`outputFileTracingExcludes\` (next.config.js as of 353cd54), made on ${before.date} with Node ${before.machine.node} (bench/vercel-before-excludes.json).` : "",
    "",
    "| function | routes it serves | runtime | before the exclusions | now |",
    "| --- | --- | --- | --- | --- |",
    ...sizeRows,
    "",
    `The API function, copied alone into an empty directory and started by test/vercel/launcher.mjs (as Vercel's Node.js runtime loads it), on Postgres through PgBouncer (transaction mode) on loopback; ${COLD_STARTS} starts, median (each start):`,
    "",
    "| figure | before the exclusions | now |",
    "| --- | --- | --- |",
    figure("spawn → listening (Next's server and the routes' modules loaded)", (r) => r.listenMs, (v) => `${ms(v)} ms`),
    figure("cold start: spawn → first 200 of `GET /api/health`", (r) => r.firstOkMs, (v) => `${ms(v)} ms`),
    figure(`resident memory (VmRSS) after ${REQUESTS} requests (1 sign-up, ${REQUESTS - 1} \`GET /api/me\`)`, (r) => r.residentBytes, (v) => `${round(v / 1e6, 0)} MB`),
    "",
    "Sizes are the bytes of the files in each `.func` directory (MB = 10⁶ bytes), which is what Vercel uploads " +
      "for it; the other routes' `.func` entries are links to these. Start times are on a warm file cache, on a " +
      "shared machine; Vercel's own cold start adds fetching and unpacking the function, which this does not measure.",
    "",
    "**What the exclusions changed:** the size only. The files left out were never loaded (PGlite is imported only " +
      "without DATABASE_URL; Prisma loads one runtime and one query compiler), so start time and memory stay within " +
      "noise here. On Vercel a function 7× smaller is also less to fetch and unpack on a cold start (not measurable here).",
    "",
    "**Where the cold start goes** (a one-off split on 2026-11-22, 3 starts each, not part of this script): the " +
      "process listens after ~155 ms; the first request then waits for instrumentation.ts, whose cost-`BCRYPT_COST` " +
      "dummy hash (kept so unknown-email sign-ins take as long as wrong passwords) is on that path: first 200 after " +
      "614–639 ms at cost 12 and 435–448 ms at cost 10. The rest is loading the route's modules, compiling Prisma's " +
      "query compiler (WebAssembly) and connecting; a second request takes 5–10 ms.",
    VERCEL_SECTION.end,
  ]
    .filter((line, i, lines) => line !== "" || lines[i - 1] !== "")
    .join("\n");
}

async function writeSection(section: string): Promise<void> {
  const current = existsSync(RESULTS) ? await readFile(RESULTS, "utf8") : "";
  await writeFile(RESULTS, withVercelSection(current, section));
}

const loadBefore = loadavg()[0] ?? 0;
const pooler = await startPooler();
const database = `trax_bench_vercel_${randomBytes(4).toString("hex")}`;
const outputDir = given ? path.resolve(given) : path.join(ROOT, "bench/out/vercel-output");
try {
  await createPostgresDatabase(database);
  const project = {
    DATABASE_URL: pooler.url(database),
    DIRECT_DATABASE_URL: postgresUrl(database),
    JWT_SECRET: SECRET,
    TRUST_PROXY: "x-forwarded-for",
  };
  let buildSeconds: number | null = null;
  if (given) {
    log(`measuring ${outputDir} (no build); migrating ${database}`);
    await migrateAndSeed({ ...process.env, DATABASE_URL: project.DIRECT_DATABASE_URL });
  } else {
    log(`vercel build --prod --standalone → ${path.relative(ROOT, outputDir)} (migrates ${database})`);
    await rm(outputDir, { recursive: true, force: true });
    await mkdir(path.dirname(outputDir), { recursive: true });
    const started = performance.now();
    await vercelBuild(outputDir, project);
    buildSeconds = (performance.now() - started) / 1000;
  }
  const figures = await measure(outputDir, functionEnv(project));
  const cliVersion = (JSON.parse(await readFile(path.join(ROOT, "node_modules/vercel/package.json"), "utf8")) as { version: string }).version;
  const run: VercelRun = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", node: process.version, loadavg: [loadBefore, loadavg()[0] ?? 0] },
    vercelCli: cliVersion,
    buildSeconds,
    ...figures,
  };
  await mkdir(path.join(ROOT, "bench/out"), { recursive: true });
  const json = path.join(ROOT, "bench/out", given ? `vercel-${path.basename(outputDir)}.json` : "vercel-last-run.json");
  await writeFile(json, JSON.stringify(run, null, 2));
  if (!given) await writeSection(renderSection(run));
  log(`wrote ${path.relative(ROOT, json)}${given ? "" : " and bench/RESULTS.md"}`);
  for (const fn of run.functions) log(`${fn.name}: ${mb(fn.bytes)}, ${fn.files} files, ${fn.routes} routes`);
  log(`cold start median ${round(median(run.firstOkMs), 0)} ms; RSS after ${REQUESTS} requests median ${round(median(run.residentBytes) / 1e6, 0)} MB`);
} finally {
  await dropPostgresDatabase(database);
  await pooler.stop();
}
