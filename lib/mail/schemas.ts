import { z } from "zod";

/** What the scheduled drain route answers: this run's work and what is left. */
export const drainResponseSchema = z.object({
  delivered: z.number().int(),
  retrying: z.number().int(),
  failed: z.number().int(),
  outbox: z.object({ queued: z.number().int(), failed: z.number().int(), oldestQueuedAt: z.iso.datetime().nullable() }),
});
