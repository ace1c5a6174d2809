import { HttpError } from "./errors";

export interface WorkQueue {
  /** Runs `work` once a slot is free; refuses at once (503, Retry-After) when `queueLimit` jobs already wait. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * A bound on expensive work one process accepts at once. Past it a request is
 * refused quickly rather than queued without end, so a flood of that work
 * cannot starve everything else of CPU and libuv threads.
 */
export function createWorkQueue(options: { concurrency: number; queueLimit: number }): WorkQueue {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return {
    async run(work) {
      if (running >= options.concurrency) {
        if (waiting.length >= options.queueLimit) throw busy();
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      running += 1;
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}

function busy(): HttpError {
  return new HttpError(503, "unavailable", "The server is busy. Try again in a moment.", { headers: { "Retry-After": "1" } });
}
