/**
 * better-auth, the peer `npm run bench` measures Trax against: email and
 * password on Postgres through a pg pool of the same size as Trax's default.
 * A dev dependency of the bench only; nothing in the app imports it.
 */
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import pg from "pg";

/**
 * "default": getSession reads the session, then its user (two queries);
 * "joins": one joined query; "cache": a signed cookie holds the session for up
 * to 5 minutes, so a revoked session still passes until it runs out.
 */
export const MODES = ["default", "joins", "cache"];

/** @param {{ databaseUrl: string, secret: string, mode: string, baseURL?: string }} options */
export function createPeer({ databaseUrl, secret, mode, baseURL = "http://127.0.0.1" }) {
  if (!MODES.includes(mode)) throw new Error(`unknown better-auth mode ${mode}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  const options = {
    database: pool,
    secret,
    baseURL,
    telemetry: { enabled: false },
    emailAndPassword: { enabled: true },
    advanced: { database: { joins: mode === "joins" } },
    session: { cookieCache: { enabled: mode === "cache", maxAge: 5 * 60 } },
  };
  return { auth: betterAuth(options), options, pool };
}

/** Creates better-auth's tables in its own database. */
export async function migratePeer(databaseUrl, secret) {
  const { options, pool } = createPeer({ databaseUrl, secret, mode: "default" });
  const { runMigrations } = await getMigrations(options);
  await runMigrations();
  await pool.end();
}
