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
import { startPooler } from "../test/support/pooler";
import { startSmtp } from "../test/support/smtp";
import { migratePeer, MODES } from "./better-auth-app/auth.mjs";
import type { InProcessResult, PeerMode } from "./inprocess";
import type { LoadOptions, LoadResult } from "./load";
import bcrypt from "bcrypt";
import { measureBcryptCompare, preHash } from "./password-floor";
import { renderResults, type Figures, type Loads, type SignInCpu, type SignInRound } from "./report";
import { answersHealth, answersMe, signUp, signUpPeer, startServer, type BenchServer } from "./server";
import { median } from "./stats";

const QUICK = process.env.BENCH_QUICK === "1";
const LOAD_SECONDS = QUICK ? 2 : 3;
const ROUNDS = QUICK ? 3 : 5;
const SIGNIN_ROUNDS = QUICK ? 3 : 6;
const SIGNINS_PER_RUN = 3;
const COLD_STARTS = 3;
const PASSWORD = "bench-password-2026";
const tsx = path.join(ROOT, "node_modules/.bin/tsx");

// Production needs a mail server: a sink on loopback takes the sign-ups' verification mail.
const smtp = await startSmtp();

function serverEnv(database: Record<string, string>, secret: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    APP_URL: "http://127.0.0.1",
    SMTP_URL: smtp.url,
    JWT_SECRET: secret,
    BCRYPT_COST: "12",
    SIGNIN_MAX_FAILURES_PER_ACCOUNT: "1000000",
    SIGNIN_MAX_ATTEMPTS_PER_IP: "1000000",
    SIGNUP_MAX_PER_IP: "1000000",
    // Figure 7 floods sign-in from many client addresses, as a proxy in front would name them.
    TRUST_PROXY: "x-forwarded-for",
    ...database,
  };
  if (!database.DATABASE_URL) {
    delete env.DATABASE_URL;
    env.ALLOW_EMBEDDED_DATABASE = "true";
  }
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

interface Target {
  server: BenchServer;
  options: LoadOptions;
}

/**
 * Loads each target ROUNDS times, the order rotated every round so drift hits
 * all alike, after a 2-second warm-up each; req/s and the serving process's CPU
 * ms per request of every run.
 */
async function alternateLoads<K extends string>(targets: Record<K, Target>): Promise<Record<K, Loads>> {
  const keys = Object.keys(targets) as K[];
  const out = Object.fromEntries(keys.map((key) => [key, { rps: [] as number[], cpuMs: [] as number[] }])) as Record<K, Loads>;
  for (const key of keys) await load({ ...targets[key].options, duration: 2 });
  for (let round = 0; round < ROUNDS; round++) {
    for (const key of [...keys.slice(round % keys.length), ...keys.slice(0, round % keys.length)]) {
      const { server, options } = targets[key];
      const before = server.cpuMs();
      const result = await load(options);
      const after = server.cpuMs();
      if (result.non2xx > 0) throw new Error(`${options.url} (${key}) answered ${result.non2xx} non-2xx`);
      out[key].rps.push(result.rps);
      if (before !== null && after !== null) out[key].cpuMs.push((after - before) / result.total);
    }
  }
  return out;
}

const getLoad = (url: string, cookie?: string): LoadOptions => ({
  url,
  ...(cookie ? { headers: { cookie } } : {}),
  connections: 10,
  duration: LOAD_SECONDS,
});

/** Figure 1 on each server given: /api/health and /api/me, all alternated. */
async function meVersusHealth(servers: Record<string, { server: BenchServer; cookie: string }>) {
  const targets: Record<string, Target> = {};
  for (const [name, { server, cookie }] of Object.entries(servers)) {
    targets[`${name}:health`] = { server, options: getLoad(`${server.baseUrl}/api/health`) };
    targets[`${name}:me`] = { server, options: getLoad(`${server.baseUrl}/api/me`, cookie) };
  }
  const loads = await alternateLoads(targets);
  return Object.fromEntries(
    Object.keys(servers).map((name) => [name, { me: loads[`${name}:me`], health: loads[`${name}:health`] }]),
  ) as Record<string, { me: Loads; health: Loads }>;
}

/** Figure 4: every sign-in latency at cost 12, in short runs alternated with bcrypt.compare timed here while the server idles. */
async function signInCosts({ baseUrl, cpuMs }: BenchServer, email: string, oldCostEmail: string) {
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
    oldCostWrongPassword: signIn({ email: oldCostEmail, password: `${PASSWORD}-wrong` }),
  };
  const rounds: SignInRound[] = [];
  const cpu = { server: 0 as number | null, bench: 0, signIns: 0, compares: 0 };
  for (let round = 0; round < SIGNIN_ROUNDS; round++) {
    const benchCpu = process.cpuUsage();
    const ms: SignInRound = { bcrypt: await measureBcryptCompare(PASSWORD, SIGNINS_PER_RUN), ok: [], wrongPassword: [], unknownEmail: [], oldCostWrongPassword: [] };
    const used = process.cpuUsage(benchCpu);
    cpu.bench += (used.user + used.system) / 1000;
    cpu.compares += ms.bcrypt.length;
    const entries = Object.entries(kinds) as [keyof typeof kinds, LoadOptions][];
    // The order rotates every round, so no kind always runs right after the same other one.
    for (const [kind, options] of [...entries.slice(round % entries.length), ...entries.slice(0, round % entries.length)]) {
      const serverCpu = cpuMs();
      const result = await load(options);
      const after = cpuMs();
      if (kind === "ok") {
        cpu.server = cpu.server === null || serverCpu === null || after === null ? null : cpu.server + after - serverCpu;
        cpu.signIns += result.total;
      }
      const expected = kind === "ok" ? 0 : result.total;
      if (result.non2xx !== expected) throw new Error(`sign-in (${kind}) answered ${result.non2xx} non-2xx of ${result.total}`);
      ms[kind] = result.samples ?? [];
    }
    rounds.push(ms);
  }
  const signInCpu: SignInCpu = { signInMs: cpu.server === null ? null : cpu.server / cpu.signIns, bcryptMs: cpu.bench / cpu.compares };
  return { rounds, signInCpu };
}

const FLOOD_CLIENTS = 40;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Figure 7: /api/me p50 on one connection, alone and while FLOOD_CLIENTS client
 * addresses (each far under its own limit) send wrong passwords on as many
 * connections; rounds alternated.
 */
async function meUnderSignInFlood({ baseUrl }: BenchServer, cookie: string, email: string) {
  const me: LoadOptions = { url: `${baseUrl}/api/me`, headers: { cookie }, connections: 1, duration: LOAD_SECONDS };
  const flood: LoadOptions = {
    url: `${baseUrl}/api/signin`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: `${PASSWORD}-flood` }),
    connections: FLOOD_CLIENTS,
    duration: LOAD_SECONDS + 2,
    clientAddresses: FLOOD_CLIENTS,
  };
  const p50 = { alone: [] as number[], flooded: [] as number[], floodRps: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const alone = async () => p50.alone.push((await load(me)).p50);
    const flooded = async () => {
      const [floodResult, meResult] = await Promise.all([load(flood), delay(1000).then(() => load(me))]);
      if (meResult.non2xx > 0) throw new Error(`/api/me answered ${meResult.non2xx} non-2xx under the flood`);
      p50.flooded.push(meResult.p50);
      p50.floodRps.push(floodResult.rps);
    };
    for (const step of round % 2 === 0 ? [alone, flooded] : [flooded, alone]) await step();
  }
  return p50;
}

/** Pads the Session table to `total` rows with one INSERT … SELECT generate_series. */
async function padSessions(url: string, total: number): Promise<void> {
  await withPostgres(url, async (client) => {
    await client.query(`INSERT INTO "User" (id, email, "passwordHash") VALUES ('bench-filler', 'filler@bench.local', 'x') ON CONFLICT DO NOTHING`);
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Session"`);
    await client.query(
      `INSERT INTO "Session" (id, "userId", "expiresAt")
       SELECT 'filler-' || g, 'bench-filler', now() + interval '30 days' FROM generate_series($1::int, $2::int) AS g`,
      [(rows[0]?.n ?? 0) + 1, total],
    );
    await client.query(`ANALYZE "Session"`);
  });
}

/**
 * Figure 5: /api/me latency (one connection) on two servers whose databases
 * hold ~1k and ~100k session rows, loads alternated between them.
 */
async function meLatencyBySessions(small: { baseUrl: string; cookie: string }, large: { baseUrl: string; cookie: string }) {
  const me = ({ baseUrl, cookie }: typeof small): LoadOptions => ({
    url: `${baseUrl}/api/me`, headers: { cookie }, connections: 1, duration: LOAD_SECONDS,
  });
  await load({ ...me(small), duration: 1 });
  await load({ ...me(large), duration: 1 });
  const p50 = { k1: [] as number[], k100: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (["k1", "k100"] as const) : (["k100", "k1"] as const);
    for (const key of order) p50[key].push((await load(me(key === "k1" ? small : large))).p50);
  }
  return p50;
}

async function coldStarts(env: NodeJS.ProcessEnv, cookie: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
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

interface Databases {
  main: string;
  large: string;
  /** better-auth's own database on the same Postgres server. */
  peer: string;
}

async function withDatabases<T>(fn: (urls: Databases) => Promise<T>): Promise<T> {
  const names = [0, 1, 2].map(() => `trax_bench_${randomBytes(4).toString("hex")}`);
  const [main = "", large = "", peer = ""] = names;
  log(`Postgres: creating ${names.join(", ")}`);
  try {
    await createPostgresDatabase(main);
    await migrateAndSeed({ ...process.env, DATABASE_URL: postgresUrl(main) });
    await createPostgresDatabase(large, main);
    await createPostgresDatabase(peer);
    await migratePeer(postgresUrl(peer), PEER_SECRET);
    return await fn({ main: postgresUrl(main), large: postgresUrl(large), peer: postgresUrl(peer) });
  } finally {
    for (const name of names) await dropPostgresDatabase(name);
    log(`Postgres: dropped ${names.join(", ")}`);
  }
}

const newEmail = () => `bench-${randomBytes(4).toString("hex")}@bench.local`;
const PEER_SECRET = randomBytes(36).toString("base64url");
const peerApp = path.join(ROOT, "bench/better-auth-app");

async function withPeerServers<T>(peerUrl: string, fn: (peers: Record<PeerMode, BenchServer>) => Promise<T>): Promise<T> {
  const started: BenchServer[] = [];
  try {
    const peers = {} as Record<PeerMode, BenchServer>;
    for (const mode of MODES) {
      const env = { ...process.env, NODE_ENV: "production" as const, DATABASE_URL: peerUrl, BETTER_AUTH_SECRET: PEER_SECRET, BETTER_AUTH_MODE: mode };
      peers[mode] = await startServer(env, async (baseUrl) => (await fetch(`${baseUrl}/api/me`)).status === 401, peerApp);
      started.push(peers[mode]);
    }
    return await fn(peers);
  } finally {
    for (const server of started) await server.stop();
  }
}

/** Figure 8: Trax's /api/me and better-auth's (each mode its own server, same Postgres), over HTTP, alternated. */
async function meVersusPeers(trax: BenchServer, cookie: string, peerUrl: string) {
  log("Postgres: figure 8 (building the better-auth app)");
  await run(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build", peerApp]);
  return withPeerServers(peerUrl, async (peers) => {
    log("Postgres: figure 8 (/api/me, Trax and better-auth)");
    const targets: Record<string, Target> = { trax: { server: trax, options: getLoad(`${trax.baseUrl}/api/me`, cookie) } };
    for (const mode of MODES) {
      const peerCookie = await signUpPeer(peers[mode].baseUrl, newEmail(), PASSWORD);
      targets[mode] = { server: peers[mode], options: getLoad(`${peers[mode].baseUrl}/api/me`, peerCookie) };
    }
    return (await alternateLoads(targets)) as Record<"trax" | PeerMode, Loads>;
  });
}

async function benchPostgres(secret: string): Promise<Partial<Figures>> {
  return withDatabases(async (urls) => {
    const env = serverEnv({ DATABASE_URL: urls.main }, secret);
    const pooler = await startPooler();
    const pooledEnv = serverEnv({ DATABASE_URL: pooler.url(new URL(urls.main).pathname.slice(1)) }, secret);
    const email = newEmail();
    try {
      const { cookie, figures } = await withServer(env, async (server) => {
        const { baseUrl } = server;
        const { userId, cookie } = await signUp(baseUrl, email, PASSWORD);
        log("Postgres: figure 1 (/api/me vs /api/health, direct and through PgBouncer)");
        const fig1 = await withServer(pooledEnv, (pooled) => meVersusHealth({ direct: { server, cookie }, pooled: { server: pooled, cookie } }));
        log("Postgres: figure 4 (sign-in vs bcrypt.compare)");
        const oldCostEmail = newEmail();
        await signUp(baseUrl, oldCostEmail, PASSWORD);
        const oldCostHash = await bcrypt.hash(preHash(PASSWORD), 10);
        await withPostgres(urls.main, (client) => client.query(`UPDATE "User" SET "passwordHash" = $2 WHERE email = $1`, [oldCostEmail, oldCostHash]));
        const { rounds: signIn, signInCpu } = await signInCosts(server, email, oldCostEmail);
        log("Postgres: figure 7 (/api/me during a sign-in flood)");
        const flood = await meUnderSignInFlood(server, cookie, email);
        log("Postgres: figures 2, 3, 8′ (in-process auth and JWT, Trax and its peers)");
        const inProcess = await runChild<InProcessResult>(
          "inprocess.ts",
          { userId, peerUrl: urls.peer, rounds: 5, authOps: QUICK ? 100 : 300, jwtOps: QUICK ? 1000 : 3000 },
          env,
        );
        const peers = await meVersusPeers(server, cookie, urls.peer);
        log("Postgres: figure 5 (/api/me with 1k vs 1M sessions)");
        await padSessions(urls.main, 1_000);
        await padSessions(urls.large, 1_000_000);
        const sessions = await withServer(serverEnv({ DATABASE_URL: urls.large }, secret), async (large) => {
          const { cookie: largeCookie } = await signUp(large.baseUrl, newEmail(), PASSWORD);
          return meLatencyBySessions({ baseUrl, cookie }, { baseUrl: large.baseUrl, cookie: largeCookie });
        });
        const throughput = { postgres: fig1.direct, pooled: fig1.pooled };
        return { cookie, figures: { ...throughput, signIn, signInCpu, inProcess, peers, sessions, flood } as Partial<Figures> };
      });
      log("Postgres: figure 6 (cold start)");
      return { ...figures, coldPostgres: await coldStarts(env, cookie) };
    } finally {
      await pooler.stop();
    }
  });
}

async function benchPglite(secret: string): Promise<Partial<Figures>> {
  const dir = await mkdtemp(path.join(tmpdir(), "trax-bench-pglite-"));
  try {
    log(`PGlite: ${dir}`);
    const env = serverEnv({ EMBEDDED_DB_DIR: dir }, secret);
    await migrateAndSeed(env);
    const { cookie, fig1 } = await withServer(env, async (server) => {
      const { cookie } = await signUp(server.baseUrl, newEmail(), PASSWORD);
      log("PGlite: figure 1 (/api/me vs /api/health)");
      return { cookie, fig1: (await meVersusHealth({ pglite: { server, cookie } })).pglite };
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
await smtp.stop();
log(`wrote bench/RESULTS.md in ${machine.minutes.toFixed(1)} min (median /api/me ${median(figures.postgres?.me.rps ?? []).toFixed(0)} req/s)`);
