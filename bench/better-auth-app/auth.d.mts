import type { betterAuth, BetterAuthOptions } from "better-auth";
import type pg from "pg";

export declare const MODES: readonly ["default", "joins", "cache"];
export declare function createPeer(options: { databaseUrl: string; secret: string; mode: (typeof MODES)[number]; baseURL?: string }): {
  auth: ReturnType<typeof betterAuth>;
  options: BetterAuthOptions;
  pool: pg.Pool;
};
export declare function migratePeer(databaseUrl: string, secret: string): Promise<void>;
