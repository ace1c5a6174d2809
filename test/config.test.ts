import path from "node:path";
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseEnv, serverProblems } from "@/lib/platform/env";
import { ROOT } from "./support/constants";

const SECRET = "s".repeat(32);
const MAIL = { APP_URL: "https://trax.example", SMTP_URL: "smtp://mailer:secret@smtp.example:587" };

/** Starts `next start` in production with env on top, until it exits (or 30 s pass). */
async function startProductionServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", "0"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  return { code, output };
}

describe("configuration", () => {
  it("applies the contract's defaults", () => {
    const env = parseEnv({ NODE_ENV: "production", JWT_SECRET: SECRET, ALLOW_EMBEDDED_DATABASE: "true", ...MAIL });
    expect(env).toMatchObject({
      isProduction: true,
      DB_POOL_SIZE: 3,
      BCRYPT_COST: 12,
      SIGNIN_MAX_FAILURES_PER_ACCOUNT: 10,
      SIGNIN_MAX_ATTEMPTS_PER_IP: 30,
      SIGNUP_MAX_PER_IP: 10,
      APP_URL: "https://trax.example",
      MAIL_FROM: "Trax <no-reply@trax.example>",
      RESET_TOKEN_MINUTES: 30,
      REQUIRE_VERIFIED_EMAIL: false,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.migrationUrl).toBeUndefined();
    expect(env.TRUST_PROXY).toBeUndefined();
  });

  it("migrates on DIRECT_DATABASE_URL when it is set, else on DATABASE_URL", () => {
    const pooled = "postgresql://app@pooler.example:6543/trax?sslmode=require";
    const direct = "postgresql://app@db.example:5432/trax?sslmode=require";
    expect(parseEnv({ JWT_SECRET: SECRET, DATABASE_URL: pooled }).migrationUrl).toBe(pooled);
    expect(parseEnv({ JWT_SECRET: SECRET, DATABASE_URL: pooled, DIRECT_DATABASE_URL: direct }).migrationUrl).toBe(direct);
  });

  it("reads an empty variable (PORT=, as dotenv files and dashboards write it) as unset", () => {
    const env = parseEnv({ JWT_SECRET: SECRET, PORT: "", BCRYPT_COST: "", APP_URL: "", DATABASE_URL: "" });
    expect(env.PORT).toBe(3000);
    expect(env.BCRYPT_COST).toBe(12);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(parseEnv({ JWT_SECRET: "" }).JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("reads CORS_ORIGINS as a list of exact origins (none by default), and refuses anything else by name", () => {
    expect(parseEnv({ JWT_SECRET: SECRET }).CORS_ORIGINS).toEqual([]);
    expect(parseEnv({ JWT_SECRET: SECRET, CORS_ORIGINS: " https://App.example , http://localhost:5173/ ," }).CORS_ORIGINS).toEqual([
      "https://app.example",
      "http://localhost:5173",
    ]);
    for (const bad of ["*", "https://app.example/path", "app.example", "ftp://app.example", "https://a.example, null"]) {
      expect(() => parseEnv({ JWT_SECRET: SECRET, CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS(\.\d+)?: .* is not an origin/);
    }
  });

  it("points links at localhost in development, and sends from APP_URL's host", () => {
    const development = parseEnv({ JWT_SECRET: SECRET, PORT: "4000" });
    expect(development.APP_URL).toBe("http://localhost:4000");
    expect(development.SMTP_URL).toBeUndefined();
    expect(parseEnv({ JWT_SECRET: SECRET, APP_URL: "https://music.example/" }).MAIL_FROM).toBe("Trax <no-reply@music.example>");
  });

  it("requires APP_URL and SMTP_URL of a production server (not of the migrate and seed commands)", () => {
    const production = { NODE_ENV: "production", JWT_SECRET: SECRET, ALLOW_EMBEDDED_DATABASE: "true" };
    expect(serverProblems(parseEnv({ ...production, ...MAIL }))).toEqual([]);
    expect(serverProblems(parseEnv({ ...production, SMTP_URL: MAIL.SMTP_URL })).join()).toMatch(/^APP_URL: required in production/);
    expect(serverProblems(parseEnv({ ...production, APP_URL: MAIL.APP_URL })).join()).toMatch(/^SMTP_URL: required in production/);
    expect(serverProblems(parseEnv({ JWT_SECRET: SECRET }))).toEqual([]);
  });

  it.each([
    [{ NODE_ENV: "production" }, /JWT_SECRET/],
    [{ JWT_SECRET: SECRET, SMTP_URL: "http://smtp.example" }, /SMTP_URL/],
    [{ JWT_SECRET: SECRET, APP_URL: "ftp://trax.example" }, /APP_URL/],
    [{ JWT_SECRET: SECRET, RESET_TOKEN_MINUTES: "0" }, /RESET_TOKEN_MINUTES/],
    [{ JWT_SECRET: SECRET, REQUIRE_VERIFIED_EMAIL: "maybe" }, /REQUIRE_VERIFIED_EMAIL/],
    [{ JWT_SECRET: SECRET, CRON_SECRET: "short" }, /CRON_SECRET/],
    [{ JWT_SECRET: SECRET, ENCRYPTION_KEY: "short" }, /ENCRYPTION_KEY/],
    [{ JWT_SECRET: SECRET, MFA_MAX_FAILURES_PER_ACCOUNT: "0" }, /MFA_MAX_FAILURES_PER_ACCOUNT/],
    [{ NODE_ENV: "production", JWT_SECRET: SECRET }, /DATABASE_URL: required in production/],
    [{ VERCEL: "1", JWT_SECRET: SECRET }, /DATABASE_URL: required in production/],
    [{ JWT_SECRET: SECRET, DIRECT_DATABASE_URL: "postgresql://x@y/z" }, /DIRECT_DATABASE_URL/],
    [{ JWT_SECRET: SECRET, DB_POOL_SIZE: "0" }, /DB_POOL_SIZE/],
    [{ JWT_SECRET: SECRET, ALLOW_EMBEDDED_DATABASE: "sure" }, /ALLOW_EMBEDDED_DATABASE/],
    [{ NODE_ENV: "production", JWT_SECRET: "too-short" }, /JWT_SECRET.*32/],
    [{ NODE_ENV: "production", JWT_SECRET: SECRET, BCRYPT_COST: "8" }, /BCRYPT_COST/],
    [{ JWT_SECRET: SECRET, BCRYPT_COST: "twelve" }, /BCRYPT_COST/],
    [{ JWT_SECRET: SECRET, DATABASE_URL: "mysql://x@y/z" }, /DATABASE_URL/],
    [{ JWT_SECRET: SECRET, TRUST_PROXY: "yes" }, /TRUST_PROXY/],
    [{ JWT_SECRET: SECRET, SIGNUP_MAX_PER_IP: "-1" }, /SIGNUP_MAX_PER_IP/],
  ])("refuses %o, naming the variable", (source, message) => {
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("stops a production server at start when JWT_SECRET and DATABASE_URL are missing", async () => {
    const { code, output } = await startProductionServer({ JWT_SECRET: "", EMBEDDED_DB_DIR: "memory://" });
    expect(code).not.toBe(0);
    expect(output).toMatch(/JWT_SECRET: required in production, at least 32 characters/);
    expect(output).toMatch(/DATABASE_URL: required in production/);
  });

  it("stops a production server at start when SMTP_URL or APP_URL is missing, naming it", async () => {
    const env = { JWT_SECRET: SECRET, ALLOW_EMBEDDED_DATABASE: "true", EMBEDDED_DB_DIR: "memory://", SMTP_URL: "", APP_URL: "" };
    const { code, output } = await startProductionServer(env);
    expect(code).not.toBe(0);
    expect(output).toMatch(/SMTP_URL: required in production/);
    expect(output).toMatch(/APP_URL: required in production/);
  });
});
