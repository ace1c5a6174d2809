import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DEFAULT_EMBEDDED_DIR } from "./embedded-db";

const DATA_DIR = ".data";
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  EMBEDDED_DB_DIR: z.string().min(1).default(DEFAULT_EMBEDDED_DIR),
  JWT_SECRET: z.string().optional(),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  SESSION_DAYS: positiveInt(30),
  TRUST_PROXY: z.enum(["x-forwarded-for", "x-real-ip"]).optional(),
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(10),
  SIGNIN_MAX_ATTEMPTS_PER_IP: positiveInt(30),
  SIGNUP_MAX_PER_IP: positiveInt(10),
  DB_CONNECT_TIMEOUT_MS: positiveInt(3000),
  DB_QUERY_TIMEOUT_MS: positiveInt(5000),
});

export type Env = Omit<z.infer<typeof schema>, "JWT_SECRET"> & { JWT_SECRET: string; isProduction: boolean };

function developmentSecret(): string {
  const file = path.join(DATA_DIR, "jwt-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600 });
    console.warn(`[trax] JWT_SECRET is not set: generated a development secret in ${file}`);
    return readFileSync(file, "utf8").trim();
  }
}

function productionProblems(parsed: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  if ((parsed.JWT_SECRET ?? "").length < 32) problems.push("JWT_SECRET: required in production, at least 32 characters");
  if (parsed.BCRYPT_COST < 10) problems.push("BCRYPT_COST: must be at least 10 in production");
  return problems;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const isProduction = result.data.NODE_ENV === "production";
  const problems = isProduction ? productionProblems(result.data) : [];
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  return { ...result.data, isProduction, JWT_SECRET: result.data.JWT_SECRET || developmentSecret() };
}

let cached: Env | undefined;

/** Configuration, validated once per process (at start, from instrumentation.ts). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
