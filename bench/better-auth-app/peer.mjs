import { createPeer } from "./auth.mjs";

// The bench starts this app with the peer's database, secret and mode.
export const { auth } = createPeer({
  databaseUrl: process.env.DATABASE_URL ?? "",
  secret: process.env.BETTER_AUTH_SECRET ?? "",
  mode: process.env.BETTER_AUTH_MODE ?? "default",
  baseURL: process.env.BETTER_AUTH_URL ?? "http://127.0.0.1",
});
