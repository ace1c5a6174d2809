import { describeFailure, writeLogLine } from "./log";

const SWEEP_EVERY_MS = 5 * 60 * 1000;
const lastRun = new Map<string, number>();

/**
 * Runs a clean-up at most every 5 minutes per process, off the request path,
 * from requests rather than a timer: on serverless a timer may never fire, and
 * in a long-lived process it would keep querying a database that has gone away.
 */
export function sweepNow(name: string, run: () => Promise<unknown>): void {
  if (Date.now() - (lastRun.get(name) ?? 0) < SWEEP_EVERY_MS) return;
  lastRun.set(name, Date.now());
  run().catch((error: unknown) => writeLogLine("warn", { event: `${name}_sweep_failed`, cause: describeFailure(error) }));
}
