import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ROOT } from "../test/support/constants";
import type { InProcessResult, PeerMode } from "./inprocess";
import { vercelSection } from "./sections";
import { median, round } from "./stats";

export interface Loads {
  rps: number[];
  /** The server process's CPU ms per request in each run (empty without /proc). */
  cpuMs: number[];
}

interface Throughput {
  me: Loads;
  health: Loads;
}

/** Milliseconds of each sample in one round of figure 4. */
export interface SignInRound {
  ok: number[];
  wrongPassword: number[];
  unknownEmail: number[];
  /** A wrong password for an account whose hash was made at cost 10 (an older BCRYPT_COST). */
  oldCostWrongPassword: number[];
  bcrypt: number[];
}

/** CPU ms (not wall time) per successful sign-in in the server, and per bcrypt.compare in the bench. */
export interface SignInCpu {
  signInMs: number | null;
  bcryptMs: number;
}

export interface Figures {
  postgres: Throughput;
  /** The same database through PgBouncer in transaction mode, alternated with `postgres`. */
  pooled: Throughput;
  pglite: Throughput;
  /** Over HTTP: Trax's /api/me and better-auth's, each mode its own server. */
  peers: Record<"trax" | PeerMode, Loads>;
  signIn: SignInRound[];
  signInCpu: SignInCpu;
  inProcess: InProcessResult;
  sessions: { k1: number[]; k100: number[] };
  flood: { alone: number[]; flooded: number[]; floodRps: number[] };
  coldPostgres: number[];
  coldPglite: number[];
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  loadavg: [number, number];
  minutes: number;
  quick: boolean;
  date: string;
}

type Row = [figure: string, result: string, goal: string, met: boolean | null, method: string];

const list = (values: number[], digits = 0) => values.map((v) => round(v, digits)).join(", ");
const verdict = (met: boolean | null) => (met === null ? "—" : met ? "yes" : "**no**");

/** Load on this machine drifts between rounds: each round's ratio, then their median. */
const medianRatio = (top: number[], bottom: number[]) => median(top.map((value, i) => value / (bottom[i] ?? Number.NaN)));

const rpsRatio = (t: Throughput) => medianRatio(t.me.rps, t.health.rps);
const cpuRatio = (t: Throughput) => medianRatio(t.me.cpuMs, t.health.cpuMs);

function throughputRows(label: string, t: Throughput, goal: number, note: string): Row[] {
  const rps = rpsRatio(t);
  const cpu = cpuRatio(t);
  return [
    [
      `1. /api/me ÷ /api/health req/s (${label})`,
      `**${round(rps)}** (median req/s me ${round(median(t.me.rps), 0)}, health ${round(median(t.health.rps), 0)}; runs me ${list(t.me.rps)} / health ${list(t.health.rps)})`,
      `≥ ${goal}`,
      rps >= goal,
      `autocannon in a child process, 10 connections, ${t.me.rps.length} rounds of 3 s, every load of the figure alternated; median of the per-round ratios`,
    ],
    [
      `1′. server CPU per /api/me ÷ per /api/health request (${label})`,
      `**${round(cpu)}** (medians ${round(median(t.me.cpuMs), 2)} ms vs ${round(median(t.health.cpuMs), 2)} ms of CPU)`,
      "≤ 1.1",
      Number.isFinite(cpu) ? cpu <= 1.1 : null,
      `the server process's utime+stime (/proc) over each run of figure 1 ÷ its requests; ${note}`,
    ],
  ];
}

function pooledRow(f: Figures): Row {
  const ratio = rpsRatio(f.pooled) / rpsRatio(f.postgres);
  return [
    "1″. figure 1 through PgBouncer ÷ figure 1 direct (Postgres)",
    `**${round(ratio)}** (through PgBouncer ${round(rpsRatio(f.pooled))}, CPU ${round(cpuRatio(f.pooled))}; direct ${round(rpsRatio(f.postgres))}, CPU ${round(cpuRatio(f.postgres))})`,
    "≥ 0.9",
    ratio >= 0.9,
    "a second server on the same database through PgBouncer 1.18 (transaction mode, default settings: no prepared statements kept), its loads alternated with the direct server's; ratio of the two figure-1 medians",
  ];
}

function cpuRow({ signInMs, bcryptMs }: SignInCpu): Row {
  const ratio = signInMs === null ? Number.NaN : signInMs / bcryptMs;
  return [
    "4a′. CPU time per sign-in ÷ per bcrypt.compare (cross-check)",
    `**${round(ratio)}** (${round(signInMs ?? Number.NaN, 0)} ms ÷ ${round(bcryptMs, 0)} ms of CPU)`,
    "≤ 1.1",
    Number.isFinite(ratio) ? ratio <= 1.1 : null,
    "the server process's utime+stime (/proc) over the successful sign-ins of 4a ÷ process.cpuUsage() over its bcrypt.compare calls: immune to waiting for a busy CPU",
  ];
}

const us = (cost: { cpuUs: number; wallUs: number }) => `${round(cost.cpuUs, 0)} µs CPU, ${round(cost.wallUs, 0)} µs wall`;

function inProcessRows({ inProcess: p }: Figures): Row[] {
  const vsSeed = p.auth.trax.cpuUs / p.auth.seed.cpuUs;
  const vsBefore = p.auth.trax.cpuUs / p.auth.traxBefore.cpuUs;
  const peer = (mode: PeerMode) => p.traxWithPeers.cpuUs / p.peers[mode].cpuUs;
  const jwt = p.jwt.trax.cpuUs / p.jwt.before.cpuUs;
  const method = "in process, one child, same Postgres server; 5 batches each, order rotated every round, median CPU µs/op (process.cpuUsage: the Node side only)";
  return [
    ["2. Trax auth ÷ seed-course auth, CPU per check", `**${round(vsSeed)}** (Trax ${us(p.auth.trax)}; seed ${us(p.auth.seed)})`, "≤ 1.0", vsSeed <= 1, `${method}; seed: cookie parse + jsonwebtoken.verify(secret string) + user.findUnique`],
    ["2a. Trax auth ÷ Trax auth before this round, CPU per check", `**${round(vsBefore)}** (before ${us(p.auth.traxBefore)})`, "(report)", null, `${method}; before: jose given a KeyObject, the same join through Prisma's $queryRaw`],
    ["2b. Trax auth ÷ better-auth getSession (default: two queries)", `**${round(peer("default"))}** (Trax ${us(p.traxWithPeers)}; better-auth ${us(p.peers.default)})`, "≤ 0.4", peer("default") <= 0.4, `${method}; better-auth ${"1.7.25"}, its own database, pg pool of 3, a session from its own sign-up`],
    ["2c. Trax auth ÷ better-auth getSession (joins: one query)", `**${round(peer("joins"))}** (better-auth ${us(p.peers.joins)})`, "(report)", null, "as 2b, advanced.database.joins"],
    ["2d. Trax auth ÷ better-auth getSession with cookie cache (**revocation delayed up to 5 min**)", `**${round(peer("cache"))}** (better-auth ${us(p.peers.cache)})`, "≤ 0.6", peer("cache") <= 0.6, "as 2b, session.cookieCache 5 minutes: no database read while the signed cookie is fresh, so a revoked session keeps passing"],
    ["3. JWT verification: Trax ÷ before this round, CPU per op", `**${round(jwt)}** (Trax ${us(p.jwt.trax)}; before ${us(p.jwt.before)}; raw HMAC floor ${us(p.jwt.hmac)})`, "≤ 0.6", jwt <= 0.6, "verifySessionToken (jose with a CryptoKey imported once, claims checked) vs the same jwtVerify given a KeyObject vs createHmac + timingSafeEqual; 5 rotated batches, median"],
  ];
}

function peersRow({ peers }: Figures): Row {
  const ratio = (mode: PeerMode) => medianRatio(peers.trax.rps, peers[mode].rps);
  const cpu = (mode: PeerMode) => medianRatio(peers.trax.cpuMs, peers[mode].cpuMs);
  const cell = (mode: PeerMode) => `${mode} req/s ×${round(ratio(mode))}, CPU ×${round(cpu(mode))}`;
  return [
    "8. Trax /api/me vs better-auth /api/me over HTTP (Trax ÷ peer)",
    `${MODES_LABEL.map(cell).join("; ")} (median req/s Trax ${round(median(peers.trax.rps), 0)}, better-auth ${MODES_LABEL.map((m) => round(median(peers[m].rps), 0)).join("/")})`,
    "(report)",
    null,
    "`next start` of a two-route Next app under bench/better-auth-app (getSession → the user as JSON) per mode, on the same Postgres; Trax's server and the three alternated, 10 connections; median per-round ratios (CPU: per request, lower is better for Trax below 1)",
  ];
}

const MODES_LABEL: PeerMode[] = ["default", "joins", "cache"];

function rows(f: Figures): Row[] {
  const perRound = (kind: keyof SignInRound) => f.signIn.map((r) => median(r[kind]));
  const all = (kind: keyof SignInRound) => median(f.signIn.flatMap((r) => r[kind]));
  const signIn = medianRatio(perRound("ok"), perRound("bcrypt"));
  const enumeration = medianRatio(perRound("unknownEmail"), perRound("wrongPassword"));
  const oldCost = medianRatio(perRound("oldCostWrongPassword"), perRound("unknownEmail"));
  const scale = medianRatio(f.sessions.k100, f.sessions.k1);
  const flood = medianRatio(f.flood.flooded, f.flood.alone);
  return [
    ...throughputRows("Postgres", f.postgres, 0.95, "the Postgres server's own CPU is not in it"),
    pooledRow(f),
    ...throughputRows("PGlite", f.pglite, 0.85, "the embedded database runs in the server process, so its CPU is in it"),
    ...inProcessRows(f),
    peersRow(f),
    [
      "4a. sign-in p50 ÷ one bcrypt.compare (cost 12)",
      `**${round(signIn)}** (medians: sign-in ${round(all("ok"), 0)} ms, compare ${round(all("bcrypt"), 0)} ms)`,
      "≤ 1.1",
      signIn <= 1.1,
      `${f.signIn.length} rounds of: ${f.signIn[0]?.bcrypt.length ?? 0} bcrypt.compare of the SHA-256 pre-hashed input timed in the bench process while the server idles, then as many POST /api/signin of each kind on one connection, the kinds in an order rotated every round; median of the per-round ratios of medians`,
    ],
    cpuRow(f.signInCpu),
    [
      "4b. unknown-email ÷ wrong-password sign-in p50",
      `**${round(enumeration)}** (medians: ${round(all("unknownEmail"), 0)} ms vs ${round(all("wrongPassword"), 0)} ms)`,
      "0.9–1.1",
      enumeration >= 0.9 && enumeration <= 1.1,
      "same rounds as 4a, both answered 401 (rate limits lifted); median of the per-round ratios of medians",
    ],
    [
      "4c. wrong password for a cost-10 hash ÷ unknown email, sign-in p50",
      `**${round(oldCost)}** (medians: ${round(all("oldCostWrongPassword"), 0)} ms vs ${round(all("unknownEmail"), 0)} ms)`,
      "0.9–1.1",
      oldCost >= 0.9 && oldCost <= 1.1,
      "same rounds as 4a; the account's hash rewritten at cost 10 under BCRYPT_COST=12 (a hash an older setting made), both answered 401; median of the per-round ratios of medians",
    ],
    [
      "5. /api/me p50, 1M ÷ 1k session rows (Postgres)",
      `**${round(scale)}** (medians ${round(median(f.sessions.k100), 2)} ms vs ${round(median(f.sessions.k1), 2)} ms)`,
      "≤ 1.2",
      scale <= 1.2,
      "two servers on two databases padded to 1k and 1M Session rows (one INSERT … SELECT generate_series, then ANALYZE), one connection, runs alternated, median of the per-round ratios of exact p50s",
    ],
    [
      "7. /api/me p50 during a sign-in flood ÷ unloaded (Postgres)",
      `**${round(flood)}** (medians ${round(median(f.flood.flooded), 2)} ms vs ${round(median(f.flood.alone), 2)} ms; flood ${list(f.flood.floodRps)} sign-ins/s)`,
      "≤ 3",
      flood <= 3,
      "one connection on /api/me, alone and while 40 connections POST wrong passwords from 40 client addresses (X-Forwarded-For, TRUST_PROXY set; no limit reached), rounds alternated; median of the per-round ratios of exact p50s. bcrypt is bounded by BCRYPT_CONCURRENCY=2 and BCRYPT_QUEUE_LIMIT=64 (defaults)",
    ],
    [
      "6. cold start → first authenticated 200",
      `Postgres **${round(median(f.coldPostgres), 0)} ms** (${list(f.coldPostgres)}); PGlite **${round(median(f.coldPglite), 0)} ms** (${list(f.coldPglite)})`,
      "(report)",
      null,
      "spawn of `next start` until GET /api/me with a live cookie answers 200, polled every 20 ms; 3 starts each, median",
    ],
  ];
}

const escape = (cell: string) => cell.replaceAll("|", "\\|");

export async function renderResults(figures: Figures, machine: Machine): Promise<string> {
  const table = rows(figures).map(([figure, result, goal, met, method]) =>
    `| ${escape(figure)} | ${escape(result)} | ${goal} | ${verdict(met)} | ${escape(method)} |`,
  );
  const notesFile = path.join(ROOT, "bench/NOTES.md");
  const notes = existsSync(notesFile) ? await readFile(notesFile, "utf8") : "";
  const resultsFile = path.join(ROOT, "bench/RESULTS.md");
  const kept = existsSync(resultsFile) ? vercelSection(await readFile(resultsFile, "utf8")) : "";
  return [
    "# Trax benchmark results",
    "",
    `Generated by \`npm run bench\` on ${machine.date}${machine.quick ? " (BENCH_QUICK: short runs, not for quoting)" : ""}.`,
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}; 1-min load average ${round(machine.loadavg[0], 1)} before, ${round(machine.loadavg[1], 1)} after; the run took ${round(machine.minutes, 1)} min.`,
    "The machine is shared and was busy: read the ratios (both sides measured in the same run, alternated), not the absolute numbers.",
    "",
    "| figure | result | goal | met | method |",
    "| --- | --- | --- | --- | --- |",
    ...table,
    "",
    notes.trim(),
    "",
    ...(kept ? [kept, ""] : []),
  ].join("\n");
}
