import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ROOT } from "../test/support/constants";
import type { InProcessResult } from "./inprocess";
import { vercelSection } from "./sections";
import { median, round } from "./stats";

interface Throughput {
  meRps: number[];
  healthRps: number[];
  /** The server process's CPU ms per request in each run (empty without /proc). */
  meCpuMs: number[];
  healthCpuMs: number[];
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
  pglite: Throughput;
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

function throughputRow(label: string, t: Throughput): Row {
  const ratio = medianRatio(t.meRps, t.healthRps);
  return [
    `1. /api/me ÷ /api/health req/s (${label})`,
    `**${round(ratio)}** (median req/s me ${round(median(t.meRps), 0)}, health ${round(median(t.healthRps), 0)}; runs me ${list(t.meRps)} / health ${list(t.healthRps)})`,
    "≥ 0.85",
    ratio >= 0.85,
    `autocannon in a child process, 10 connections, ${t.meRps.length} rounds alternating health/me on one server; median of the per-round ratios`,
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

function throughputCpuRow(label: string, t: Throughput, note: string): Row {
  const ratio = medianRatio(t.healthCpuMs, t.meCpuMs);
  return [
    `1′. server CPU per /api/health ÷ per /api/me request (${label}, cross-check)`,
    `**${round(ratio)}** (medians ${round(median(t.healthCpuMs), 2)} ms vs ${round(median(t.meCpuMs), 2)} ms of CPU)`,
    "≥ 0.85",
    Number.isFinite(ratio) ? ratio >= 0.85 : null,
    `the server process's utime+stime (/proc) over each run of figure 1 ÷ its requests; ${note}`,
  ];
}

function rows(f: Figures): Row[] {
  const auth = f.inProcess.traxAuthUs / f.inProcess.seedAuthUs;
  const perRound = (kind: keyof SignInRound) => f.signIn.map((r) => median(r[kind]));
  const all = (kind: keyof SignInRound) => median(f.signIn.flatMap((r) => r[kind]));
  const signIn = medianRatio(perRound("ok"), perRound("bcrypt"));
  const enumeration = medianRatio(perRound("unknownEmail"), perRound("wrongPassword"));
  const oldCost = medianRatio(perRound("oldCostWrongPassword"), perRound("unknownEmail"));
  const scale = medianRatio(f.sessions.k100, f.sessions.k1);
  const flood = medianRatio(f.flood.flooded, f.flood.alone);
  return [
    throughputRow("Postgres", f.postgres),
    throughputCpuRow("Postgres", f.postgres, "the Postgres server's own CPU is not in it"),
    throughputRow("PGlite", f.pglite),
    throughputCpuRow("PGlite", f.pglite, "the embedded database runs in the server process, so its CPU is in it"),
    [
      "2. Trax auth ÷ seed-course auth, per request (Postgres)",
      `**${round(auth)}** (Trax ${round(f.inProcess.traxAuthUs / 1000, 3)} ms ÷ seed ${round(f.inProcess.seedAuthUs / 1000, 3)} ms)`,
      "≤ 1.0",
      auth <= 1,
      "in-process, same DB: readSessionCookie + validateSessionToken vs cookie parse + jsonwebtoken.verify(secret string) + user.findUnique; 5 alternated batches, median µs/op",
    ],
    [
      "3. JWT verification µs/op: Trax ÷ raw HMAC floor",
      `**${round(f.inProcess.traxJwtUs, 1)} µs** vs **${round(f.inProcess.hmacJwtUs, 1)} µs** (${round(f.inProcess.traxJwtUs / f.inProcess.hmacJwtUs, 1)}×)`,
      "(floor)",
      null,
      "in-process: verifySessionToken (jose, claims checked) vs createHmac over header.payload + timingSafeEqual; 5 alternated batches, median",
    ],
    [
      "4a. sign-in p50 ÷ one bcrypt.compare (cost 12)",
      `**${round(signIn)}** (medians: sign-in ${round(all("ok"), 0)} ms, compare ${round(all("bcrypt"), 0)} ms)`,
      "≤ 1.1",
      signIn <= 1.1,
      `${f.signIn.length} rounds of: 2 bcrypt.compare of the SHA-256 pre-hashed input timed in the bench process while the server idles, then 2 POST /api/signin on one connection; median of the per-round ratios of medians`,
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
      "5. /api/me p50, 100k ÷ 1k session rows (Postgres)",
      `**${round(scale)}** (medians ${round(median(f.sessions.k100), 2)} ms vs ${round(median(f.sessions.k1), 2)} ms)`,
      "≤ 1.2",
      scale <= 1.2,
      "two servers on two databases padded to 1k and 100k Session rows (one INSERT … SELECT generate_series, then ANALYZE), one connection, runs alternated, median of the per-round ratios of exact p50s",
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
