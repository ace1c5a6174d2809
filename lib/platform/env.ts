import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const DATA_DIR = ".data";
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/ });
const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

/** What the app, the migrate command and the seed need to reach the database. */
const databaseSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Set by Vercel for its builds, where NODE_ENV may not be set yet.
  VERCEL: z.string().optional(),
  DATABASE_URL: z.preprocess(emptyAsUnset, postgresUrl.optional()),
  DIRECT_DATABASE_URL: z.preprocess(emptyAsUnset, postgresUrl.optional()),
  EMBEDDED_DB_DIR: z.string().min(1).default(".data/pglite"),
  ALLOW_EMBEDDED_DATABASE: z.stringbool().default(false),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(3),
  DB_CONNECT_TIMEOUT_MS: positiveInt(3000),
  DB_QUERY_TIMEOUT_MS: positiveInt(5000),
});

const schema = databaseSchema.extend({
  JWT_SECRET: z.string().optional(),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  SESSION_DAYS: positiveInt(30),
  TRUST_PROXY: z.enum(["x-forwarded-for", "x-real-ip"]).optional(),
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(10),
  SIGNIN_MAX_ATTEMPTS_PER_IP: positiveInt(30),
  SIGNUP_MAX_PER_IP: positiveInt(10),
});

export type DatabaseEnv = z.infer<typeof databaseSchema> & {
  isProduction: boolean;
  /** Where migrations run: the unpooled URL (advisory locks and DDL need a session of their own). */
  migrationUrl: string | undefined;
};
export type Env = Omit<z.infer<typeof schema>, "JWT_SECRET"> & DatabaseEnv & { JWT_SECRET: string };

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

function invalid(lines: string[]): Error {
  return new Error(`Invalid configuration:\n  ${lines.join("\n  ")}`);
}

function parseWith<S extends z.ZodType>(schemaToUse: S, source: Record<string, string | undefined>): z.output<S> {
  const result = schemaToUse.safeParse(source);
  if (!result.success) throw invalid(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  return result.data;
}

// An embedded database on a serverless file system loses its data with the instance.
function databaseProblems(parsed: z.infer<typeof databaseSchema>, isProduction: boolean): string[] {
  if (parsed.DIRECT_DATABASE_URL && !parsed.DATABASE_URL) return ["DIRECT_DATABASE_URL: set DATABASE_URL too (the app's own connection)"];
  if (!isProduction || parsed.DATABASE_URL || parsed.ALLOW_EMBEDDED_DATABASE) return [];
  return ["DATABASE_URL: required in production (or set ALLOW_EMBEDDED_DATABASE=true to keep data in EMBEDDED_DB_DIR on this machine)"];
}

function withDatabaseDerived(parsed: z.infer<typeof databaseSchema>): DatabaseEnv {
  const isProduction = parsed.NODE_ENV === "production" || Boolean(parsed.VERCEL);
  return { ...parsed, isProduction, migrationUrl: parsed.DIRECT_DATABASE_URL ?? parsed.DATABASE_URL };
}

/** The database settings alone, for the migrate and seed commands. */
export function parseDatabaseEnv(source: Record<string, string | undefined>): DatabaseEnv {
  const database = withDatabaseDerived(parseWith(databaseSchema, source));
  const problems = databaseProblems(database, database.isProduction);
  if (problems.length > 0) throw invalid(problems);
  return database;
}

function productionProblems(parsed: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  if ((parsed.JWT_SECRET ?? "").length < 32) problems.push("JWT_SECRET: required in production, at least 32 characters");
  if (parsed.BCRYPT_COST < 10) problems.push("BCRYPT_COST: must be at least 10 in production");
  return problems;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = parseWith(schema, source);
  const database = withDatabaseDerived(parsed);
  const problems = [...databaseProblems(parsed, database.isProduction), ...(database.isProduction ? productionProblems(parsed) : [])];
  if (problems.length > 0) throw invalid(problems);
  return { ...parsed, ...database, JWT_SECRET: parsed.JWT_SECRET || developmentSecret() };
}

let cached: Env | undefined;

/** Configuration, validated once per process (at start, from instrumentation.ts). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
