/**
 * `npm run bench`: builds if needed, runs `next start` on a fresh Postgres
 * database and on a fresh embedded PGlite, loads them with autocannon from a
 * child process, and writes bench/RESULTS.md. Every loop is bounded; the whole
 * run takes a few minutes. BENCH_QUICK=1 shortens every load (for development).
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { ROOT, postgresUrl } from "../test/support/constants";
import { createPostgresDatabase, dropPostgresDatabase, migrateAndSeed, removeDir, withPostgres } from "../test/support/databases";
import { ensureBuild } from "../test/support/global-setup";
import { run } from "../test/support/processes";
import type { InProcessResult } from "./inprocess";
import type { LoadOptions, LoadResult } from "./load";
import { measureBcryptCompare } from "./password-floor";
import { renderResults, type Figures } from "./report";
import { answersHealth, answersMe, signUp, startServer, type BenchServer } from "./server";
import { median } from "./stats";

const QUICK = process.env.BENCH_QUICK === "1";
const LOAD_SECONDS = QUICK ? 2 : 5;
const ROUNDS = 3;
const SIGNINS_PER_RUN = QUICK ? 3 : 6;
const PASSWORD = "bench-password-2026";
const tsx = path.join(ROOT, "node_modules/.bin/tsx");

function serverEnv(database: Record<string, string>, secret: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    JWT_SECRET: secret,
    BCRYPT_COST: "12",
    SIGNIN_MAX_FAILURES_PER_ACCOUNT: "1000000",
    SIGNIN_MAX_ATTEMPTS_PER_IP: "1000000",
    SIGNUP_MAX_PER_IP: "1000000",
    ...database,
  };
  if (!database.DATABASE_URL) delete env.DATABASE_URL;
  return env;
}

async function runChild<T>(script: string, arg: unknown, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const output = await run(tsx, [path.join(ROOT, "bench", script), JSON.stringify(arg)], env);
  const last = output.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as T;
}

async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await runChild<LoadResult>("load.ts", options);
  if (result.errors > 0) throw new Error(`load on ${options.url} had ${result.errors} connection errors`);
  return result;
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** Figure 1: the same server, /api/health and /api/me alternated, ROUNDS each. */
async function meVersusHealth(baseUrl: string, cookie: string, seconds: number) {
  const health: LoadOptions = { url: `${baseUrl}/api/health`, connections: 10, duration: seconds };
  const me: LoadOptions = { url: `${baseUrl}/api/me`, headers: { cookie }, connections: 10, duration: seconds };
  await load({ ...health, duration: 2 });
  await load({ ...me, duration: 2 });
  const healthRps: number[] = [];
  const meRps: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [health, me] : [me, health];
    for (const options of order) {
      const result = await load(options);
      if (result.non2xx > 0) throw new Error(`${options.url} answered ${result.non2xx} non-2xx`);
      (options === me ? meRps : healthRps).push(result.rps);
    }
  }
  return { meRps, healthRps };
}

/** Figure 4: sign-in latencies at cost 12, alternated with bcrypt.compare timed here while the server idles. */
async function signInCosts(baseUrl: string, email: string) {
  const signIn = (body: object): LoadOptions => ({
    url: `${baseUrl}/api/signin`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    connections: 1,
    amount: SIGNINS_PER_RUN,
  });
  const kinds = {
    ok: signIn({ email, password: PASSWORD }),
    wrongPassword: signIn({ email, password: `${PASSWORD}-wrong` }),
    unknownEmail: signIn({ email: `nobody-${randomBytes(4).toString("hex")}@bench.local`, password: PASSWORD }),
  };
  const p50 = { ok: [] as number[], wrongPassword: [] as number[], unknownEmail: [] as number[], bcrypt: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    p50.bcrypt.push(await measureBcryptCompare(PASSWORD, SIGNINS_PER_RUN));
    for (const [kind, options] of Object.entries(kinds) as [keyof typeof kinds, LoadOptions][]) {
      const result = await load(options);
      const expected = kind === "ok" ? 0 : result.total;
      if (result.non2xx !== expected) throw new Error(`sign-in (${kind}) answered ${result.non2xx} non-2xx of ${result.total}`);
      p50[kind].push(result.p50);
    }
  }
  return p50;
}

async function insertFillerSessions(url: string, total: number): Promise<void> {
  await withPostgres(url, async (client) => {
    await client.query(`INSERT INTO "User" (id, email, "passwordHash") VALUES ('bench-filler', 'filler@bench.local', 'x') ON CONFLICT DO NOTHING`);
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Session"`);
    const have = rows[0]?.n ?? 0;
    await client.query(
      `INSERT INTO "Session" (id, "userId", "expiresAt")
       SELECT 'filler-' || g, 'bench-filler', now() + interval '30 days' FROM generate_series($1::int, $2::int) AS g`,
      [have + 1, total],
    );
    await client.query(`ANALYZE "Session"`);
  });
}

/** Figure 5: /api/me latency (one connection) with ~1k, then ~100k session rows. */
async function meLatencyBySessions(baseUrl: string, cookie: string, url: string) {
  const me: LoadOptions = { url: `${baseUrl}/api/me`, headers: { cookie }, connections: 1, duration: LOAD_SECONDS };
  const p50 = { k1: [] as number[], k100: [] as number[] };
  for (const [key, total] of [["k1", 1_000], ["k100", 100_000]] as const) {
    await insertFillerSessions(url, total);
    await load({ ...me, duration: 1 });
    for (let round = 0; round < ROUNDS; round++) p50[key].push((await load(me)).p50);
  }
  return p50;
}

async function coldStarts(env: NodeJS.ProcessEnv, cookie: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const server = await startServer(env, answersMe(cookie));
    times.push(server.startupMs);
    await server.stop();
  }
  return times;
}

async function withServer<T>(env: NodeJS.ProcessEnv, fn: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await startServer(env, answersHealth);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

async function benchPostgres(secret: string): Promise<Partial<Figures>> {
  const name = `trax_bench_${randomBytes(4).toString("hex")}`;
  const url = postgresUrl(name);
  log(`Postgres: creating ${name}`);
  await createPostgresDatabase(name);
  try {
    await migrateAndSeed({ ...process.env, DATABASE_URL: url });
    const env = serverEnv({ DATABASE_URL: url }, secret);
    const email = `bench-${randomBytes(4).toString("hex")}@bench.local`;
    const { cookie, figures } = await withServer(env, async ({ baseUrl }) => {
      const { userId, cookie } = await signUp(baseUrl, email, PASSWORD);
      log("Postgres: figure 1 (/api/me vs /api/health)");
      const fig1 = await meVersusHealth(baseUrl, cookie, LOAD_SECONDS);
      log("Postgres: figure 4 (sign-in vs bcrypt.compare)");
      const signIn = await signInCosts(baseUrl, email);
      log("Postgres: figures 2-3 (in-process auth and JWT)");
      const inProcess = await runChild<InProcessResult>(
        "inprocess.ts",
        { userId, rounds: 5, authOps: QUICK ? 100 : 300, jwtOps: QUICK ? 1000 : 3000 },
        env,
      );
      log("Postgres: figure 5 (/api/me with 1k vs 100k sessions)");
      const sessions = await meLatencyBySessions(baseUrl, cookie, url);
      return { cookie, figures: { postgres: fig1, signIn, inProcess, sessions } };
    });
    log("Postgres: figure 6 (cold start)");
    return { ...figures, coldPostgres: await coldStarts(env, cookie) };
  } finally {
    await dropPostgresDatabase(name);
    log(`Postgres: dropped ${name}`);
  }
}

async function benchPglite(secret: string): Promise<Partial<Figures>> {
  const dir = await mkdtemp(path.join(tmpdir(), "trax-bench-pglite-"));
  try {
    log(`PGlite: ${dir}`);
    const env = serverEnv({ EMBEDDED_DB_DIR: dir }, secret);
    await migrateAndSeed(env);
    const { cookie, fig1 } = await withServer(env, async ({ baseUrl }) => {
      const { cookie } = await signUp(baseUrl, `bench-${randomBytes(4).toString("hex")}@bench.local`, PASSWORD);
      log("PGlite: figure 1 (/api/me vs /api/health)");
      return { cookie, fig1: await meVersusHealth(baseUrl, cookie, QUICK ? 2 : 3) };
    });
    log("PGlite: figure 6 (cold start)");
    return { pglite: fig1, coldPglite: await coldStarts(env, cookie) };
  } finally {
    await removeDir(dir);
  }
}

const started = performance.now();
const loadBefore = loadavg()[0] ?? 0;
log("building if needed");
await ensureBuild();
const secret = randomBytes(36).toString("base64url");
const figures = { ...(await benchPostgres(secret)), ...(await benchPglite(secret)) } as Figures;
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  node: process.version,
  loadavg: [loadBefore, loadavg()[0] ?? 0] as [number, number],
  minutes: (performance.now() - started) / 60_000,
  quick: QUICK,
  date: new Date().toISOString(),
};
await mkdir(path.join(ROOT, "bench/out"), { recursive: true });
await writeFile(path.join(ROOT, "bench/out/last-run.json"), JSON.stringify({ machine, figures }, null, 2));
await writeFile(path.join(ROOT, "bench/RESULTS.md"), await renderResults(figures, machine));
log(`wrote bench/RESULTS.md in ${machine.minutes.toFixed(1)} min (median /api/me ${median(figures.postgres.meRps).toFixed(0)} req/s)`);
