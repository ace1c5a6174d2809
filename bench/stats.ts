export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Runs `fn` `ops` times in sequence; the mean cost in microseconds per op. */
export async function microsPerOp(ops: number, fn: () => unknown): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await fn();
  return Number(process.hrtime.bigint() - started) / 1000 / ops;
}

export interface OpCost {
  wallUs: number;
  /** This process's CPU (user + system) per op: what waiting on the database or a busy machine does not inflate. */
  cpuUs: number;
}

/** Runs `fn` `ops` times in sequence; wall and CPU microseconds per op. */
export async function costPerOp(ops: number, fn: () => unknown): Promise<OpCost> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) await fn();
  const wallUs = Number(process.hrtime.bigint() - started) / 1000 / ops;
  const used = process.cpuUsage(cpu);
  return { wallUs, cpuUs: (used.user + used.system) / ops };
}

/**
 * Each variant `rounds` times, the order rotated every round so that drift on a
 * shared machine hits all alike, after one warm-up batch each; medians per variant.
 */
export async function alternate<K extends string>(variants: Record<K, () => unknown>, ops: number, rounds: number): Promise<Record<K, OpCost>> {
  const keys = Object.keys(variants) as K[];
  const costs = Object.fromEntries(keys.map((key) => [key, [] as OpCost[]])) as Record<K, OpCost[]>;
  for (const key of keys) await costPerOp(Math.ceil(ops / 3), variants[key]);
  for (let round = 0; round < rounds; round++) {
    const order = [...keys.slice(round % keys.length), ...keys.slice(0, round % keys.length)];
    for (const key of order) costs[key].push(await costPerOp(ops, variants[key]));
  }
  const medians = keys.map((key) => [key, { wallUs: median(costs[key].map((c) => c.wallUs)), cpuUs: median(costs[key].map((c) => c.cpuUs)) }]);
  return Object.fromEntries(medians) as Record<K, OpCost>;
}

export function round(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}
