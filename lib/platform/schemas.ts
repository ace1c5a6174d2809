import { z } from "zod";

/** What every layer's schemas share: ids in paths, timestamps, the error body. */
export const idSchema = z.string({ error: "Give one id." }).min(1, { error: "Give an id." }).max(64, { error: "That id is not valid." });

export const idParamsSchema = z.object({ id: idSchema });

/** Dates leave the API as ISO-8601 strings. */
export const timestamp = z.iso.datetime();

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }),
});

export const healthResponseSchema = z.object({ status: z.literal("ok") });
