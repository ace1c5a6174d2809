/**
 * The load generator, run as its own process (`tsx bench/load.ts '<json>'`) so
 * it never shares the server's or the orchestrator's event loop. Prints one
 * JSON line with the figures the orchestrator needs.
 */
import autocannon from "autocannon";
import { median } from "./stats";

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
  /** Send each request from one of this many client addresses (X-Forwarded-For, for a server with TRUST_PROXY). */
  clientAddresses?: number;
}

export interface LoadResult {
  rps: number;
  /** Exact median latency in ms (autocannon's own histogram rounds to whole ms). */
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  /** Every response time in ms, for runs of at most MAX_SAMPLES requests. */
  samples: number[] | null;
}

const MAX_SAMPLES = 100;

const options = JSON.parse(process.argv[2] ?? "{}") as LoadOptions;
const url = new URL(options.url);
if (url.hostname !== "127.0.0.1") throw new Error("The bench loads loopback only");

const samples: number[] = [];
let sent = 0;
const addresses = options.clientAddresses;
// 198.51.100.0/24 is documentation space: the addresses name clients, they are never dialled.
const fromManyClients = addresses
  ? [{ setupRequest: (request: autocannon.Request) => ({ ...request, headers: { ...request.headers, "x-forwarded-for": `198.51.100.${(sent++ % addresses) + 1}` } }) }]
  : undefined;
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: options.url,
      method: options.method ?? "GET",
      headers: options.headers,
      body: options.body,
      connections: options.connections,
      duration: options.duration ?? 5,
      amount: options.amount,
      timeout: 30,
      ...(fromManyClients && { requests: fromManyClients }),
    },
    (error, done) => (error ? reject(error) : resolve(done)),
  );
  instance.on("response", (_client, _status, _bytes, responseTime) => samples.push(responseTime));
});
const summary: LoadResult = {
  rps: result.requests.average,
  p50: median(samples),
  p99: result.latency.p99,
  total: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  samples: samples.length <= MAX_SAMPLES ? samples : null,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
