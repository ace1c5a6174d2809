import { expect } from "vitest";
import type { Reply } from "./client";

/** Asserts the contract's error shape, status and code, and that nothing leaks. */
export function expectError(reply: Reply, status: number, code: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
  const body = reply.body as { error: { code: string; message: string; fields?: unknown } };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(reply.text).not.toMatch(/\bat .+:\d+:\d+|prisma|SELECT |INSERT |node_modules/i);
}

export function expectPublicUser(user: unknown): void {
  expect(Object.keys(user as object).sort()).toEqual(["createdAt", "email", "emailVerified", "id", "mfa", "name"]);
  expect(typeof (user as { emailVerified: unknown }).emailVerified).toBe("boolean");
  const { mfa } = user as { mfa: { totp: unknown; passkeys: unknown } };
  expect(Object.keys(mfa).sort()).toEqual(["passkeys", "totp"]);
  expect(typeof mfa.totp).toBe("boolean");
  expect(Number.isInteger(mfa.passkeys)).toBe(true);
  const { createdAt } = user as { createdAt: string };
  expect(new Date(createdAt).toISOString()).toBe(createdAt);
}
