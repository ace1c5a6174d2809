import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const DATA_DIR = ".data";
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/ });

/** "https://a.example, http://localhost:5173" → each an exact origin (scheme, host, port; no path, no wildcard). */
const originList = z
  .string()
  .transform((text) => text.split(",").map((entry) => entry.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.string().refine((entry) => URL.canParse(entry) && /^https?:$/.test(new URL(entry).protocol) && new URL(entry).origin === entry.replace(/\/$/, "").toLowerCase(), {
        error: (issue) => `${String(issue.input)} is not an origin: use scheme://host[:port], e.g. https://app.example`,
      }),
    ),
  )
  .transform((entries) => entries.map((entry) => new URL(entry).origin));

/** What the app, the migrate command and the seed need to reach the database. */
const databaseSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Set by Vercel for its builds, where NODE_ENV may not be set yet.
  VERCEL: z.string().optional(),
  DATABASE_URL: postgresUrl.optional(),
  DIRECT_DATABASE_URL: postgresUrl.optional(),
  EMBEDDED_DB_DIR: z.string().min(1).default(".data/pglite"),
  ALLOW_EMBEDDED_DATABASE: z.stringbool().default(false),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(3),
  /** The session lookup as a named prepared statement; off, or found refused by a pooler, unnamed. */
  DB_PREPARED_STATEMENTS: z.stringbool().default(true),
  DB_CONNECT_TIMEOUT_MS: positiveInt(3000),
  DB_QUERY_TIMEOUT_MS: positiveInt(5000),
});

const schema = databaseSchema.extend({
  JWT_SECRET: z.string().optional(),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  SESSION_DAYS: positiveInt(30),
  /** Absolute lifetime of a web session, however it slides; nothing it mints outlives it. */
  SESSION_MAX_DAYS: positiveInt(90),
  TRUST_PROXY: z.enum(["x-forwarded-for", "x-real-ip"]).optional(),
  /** Proxies of ours in front of the app: the client is the address the nearest of them saw, this many entries from the right. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /** bcrypt hashes a process runs at once (each takes a libuv thread), and how many more may wait before a fast 503. */
  BCRYPT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  BCRYPT_QUEUE_LIMIT: z.coerce.number().int().min(0).max(10_000).default(64),
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: positiveInt(10),
  SIGNIN_MAX_ATTEMPTS_PER_IP: positiveInt(30),
  SIGNUP_MAX_PER_IP: positiveInt(10),
  /** Wrong second-factor codes (TOTP or recovery) per account per 15 minutes. */
  MFA_MAX_FAILURES_PER_ACCOUNT: positiveInt(5),
  /** The key TOTP secrets are sealed with (HKDF-derived); unset, derived from JWT_SECRET. */
  ENCRYPTION_KEY: z.string().min(32, { error: "at least 32 characters" }).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().max(320).optional(),
  RESET_TOKEN_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(30),
  REQUIRE_VERIFIED_EMAIL: z.stringbool().default(false),
  /** Bearer secret of the outbox drain route a scheduler calls; unset, the route refuses everyone. */
  CRON_SECRET: z.string().min(16).optional(),
  /** First retry delay of a mail the server refused; it doubles per attempt, up to an hour. */
  MAIL_RETRY_SECONDS: positiveInt(30),
  MAIL_MAX_ATTEMPTS: positiveInt(10),
  /** Mail-sending requests (forgot password, resend verification): per client IP and per address, per hour. */
  MAIL_REQUESTS_PER_IP: positiveInt(20),
  MAIL_REQUESTS_PER_ADDRESS: positiveInt(5),
  /** Origins whose browser code may call the API with Bearer tokens (never with cookies). */
  CORS_ORIGINS: originList.default([]),
});

export type DatabaseEnv = z.infer<typeof databaseSchema> & {
  isProduction: boolean;
  /** Where migrations run: the unpooled URL (advisory locks and DDL need a session of their own). */
  migrationUrl: string | undefined;
};
export type Env = Omit<z.infer<typeof schema>, "JWT_SECRET" | "APP_URL" | "MAIL_FROM"> &
  DatabaseEnv & {
    JWT_SECRET: string;
    /** The public origin links in mail point at, without a trailing slash. */
    APP_URL: string;
    /** True when APP_URL was not configured and points at localhost. */
    appUrlIsDefault: boolean;
    MAIL_FROM: string;
  };

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

/** An empty variable (`PORT=`, as shells, dotenv files and dashboards write it) is an unset one. */
function withoutEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

function parseWith<S extends z.ZodType>(schemaToUse: S, source: Record<string, string | undefined>): z.output<S> {
  const result = schemaToUse.safeParse(withoutEmpty(source));
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

function sessionProblems(parsed: z.infer<typeof schema>): string[] {
  return parsed.SESSION_DAYS > parsed.SESSION_MAX_DAYS ? ["SESSION_DAYS: must not exceed SESSION_MAX_DAYS (the absolute lifetime)"] : [];
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = parseWith(schema, source);
  const database = withDatabaseDerived(parsed);
  const problems = [
    ...databaseProblems(parsed, database.isProduction),
    ...sessionProblems(parsed),
    ...(database.isProduction ? productionProblems(parsed) : []),
  ];
  if (problems.length > 0) throw invalid(problems);
  const appUrl = new URL(parsed.APP_URL ?? `http://localhost:${parsed.PORT}`).origin;
  const mailFrom = parsed.MAIL_FROM ?? `Trax <no-reply@${new URL(appUrl).hostname}>`;
  return {
    ...parsed,
    ...database,
    JWT_SECRET: parsed.JWT_SECRET ?? developmentSecret(),
    APP_URL: appUrl,
    appUrlIsDefault: !parsed.APP_URL,
    MAIL_FROM: mailFrom,
  };
}

/**
 * What only a serving process needs in production: where links point and how
 * mail leaves. The migrate and seed commands send no mail, so they do not ask.
 */
export function serverProblems(env: Env): string[] {
  if (!env.isProduction) return [];
  const problems: string[] = [];
  if (env.appUrlIsDefault) problems.push("APP_URL: required in production (the public origin links in mail point at)");
  if (!env.SMTP_URL) problems.push("SMTP_URL: required in production (smtp:// or smtps:// URL of the mail server)");
  return problems;
}

let cached: Env | undefined;

/** Configuration, validated once per process (at start, from instrumentation.ts). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
