import path from "node:path";
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/platform/env";
import { ROOT } from "./support/constants";

const SECRET = "s".repeat(32);

describe("configuration", () => {
  it("applies the contract's defaults", () => {
    const env = parseEnv({ NODE_ENV: "production", JWT_SECRET: SECRET, ALLOW_EMBEDDED_DATABASE: "true" });
    expect(env).toMatchObject({
      isProduction: true,
      DB_POOL_SIZE: 3,
      BCRYPT_COST: 12,
      SIGNIN_MAX_FAILURES_PER_ACCOUNT: 10,
      SIGNIN_MAX_ATTEMPTS_PER_IP: 30,
      SIGNUP_MAX_PER_IP: 10,
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

  it.each([
    [{ NODE_ENV: "production" }, /JWT_SECRET/],
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
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", "0"], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", JWT_SECRET: "", EMBEDDED_DB_DIR: "memory://" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearTimeout(timer);
    expect(code).not.toBe(0);
    expect(output).toMatch(/JWT_SECRET: required in production, at least 32 characters/);
    expect(output).toMatch(/DATABASE_URL: required in production/);
  });
});
