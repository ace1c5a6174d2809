import { createHash } from "node:crypto";
import bcrypt from "bcrypt";

export const BENCH_BCRYPT_COST = 12;
const hashes = new Map<string, Promise<string>>();

/** What lib/auth/password.ts hands bcrypt: the password's SHA-256, base64. */
export const preHash = (password: string) => createHash("sha256").update(password, "utf8").digest("base64");

/** Milliseconds of each of `times` bcrypt.compare calls at cost 12, over the pre-hashed input. */
export async function measureBcryptCompare(password: string, times: number): Promise<number[]> {
  const input = preHash(password);
  if (!hashes.has(input)) hashes.set(input, bcrypt.hash(input, BENCH_BCRYPT_COST));
  const hash = await hashes.get(input)!;
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    if (!(await bcrypt.compare(input, hash))) throw new Error("bcrypt.compare refused its own hash");
    samples.push(performance.now() - started);
  }
  return samples;
}
