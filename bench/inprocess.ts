/**
 * In-process figures 2, 3 and 8, run as a child with the bench server's env
 * (DATABASE_URL, JWT_SECRET, NODE_ENV=production) against the same Postgres.
 * Imports Trax's real modules. The seed-course check, the previous Trax check
 * (rebuilt here as it was: jose given a KeyObject, the join through Prisma) and
 * better-auth (in its own database on the same server) live only here.
 */
import { createHmac, createSecretKey, timingSafeEqual } from "node:crypto";
import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { parse } from "cookie";
import { jwtVerify } from "jose";
import jsonwebtoken from "jsonwebtoken";
import { readSessionCookie } from "@/lib/auth/cookies";
import { verifySessionToken } from "@/lib/auth/jwt";
import { createSession, validateSessionToken } from "@/lib/auth/session";
import { getDb } from "@/lib/platform/db";
import { createPeer, MODES } from "./better-auth-app/auth.mjs";
import { alternate, type OpCost } from "./stats";

export type PeerMode = (typeof MODES)[number];

export interface InProcessResult {
  auth: Record<"trax" | "traxBefore" | "seed", OpCost>;
  peers: Record<PeerMode, OpCost>;
  /** The same round of Trax alongside the peers. */
  traxWithPeers: OpCost;
  jwt: Record<"trax" | "before" | "hmac", OpCost>;
}

const { userId, peerUrl, rounds, authOps, jwtOps } = JSON.parse(process.argv[2] ?? "{}") as {
  userId: string;
  peerUrl: string;
  rounds: number;
  authOps: number;
  jwtOps: number;
};
const secret = process.env.JWT_SECRET ?? "";
const secretBytes = Buffer.from(secret, "utf8");
const keyObject = createSecretKey(secretBytes);

function requestWithCookie(cookie: string): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.headers = { cookie };
  return req;
}

/** What the seed course did: jsonwebtoken with the secret as a string, then the user by id. */
async function seedStyleAuth(req: IncomingMessage): Promise<unknown> {
  const token = parse(req.headers.cookie ?? "").token;
  if (!token) return null;
  const payload = jsonwebtoken.verify(token, secret);
  if (typeof payload === "string" || !payload.sub) return null;
  return getDb().user.findUnique({ where: { id: payload.sub } });
}

async function traxAuth(req: IncomingMessage): Promise<unknown> {
  const token = readSessionCookie(req);
  return token ? validateSessionToken(token) : null;
}

/** Trax's verification before this round: the same claims, jose given a KeyObject (it imports a CryptoKey per call). */
async function verifyAsBefore(token: string) {
  const { payload } = await jwtVerify(token, keyObject, { algorithms: ["HS256"], issuer: "trax", audience: "trax", requiredClaims: ["sub", "sid", "iat", "exp"] });
  return payload;
}

/** Trax's check before this round: that verification, then the same join through Prisma's $queryRaw. */
async function traxAuthAsBefore(req: IncomingMessage): Promise<unknown> {
  const token = readSessionCookie(req);
  if (!token) return null;
  const payload = await verifyAsBefore(token);
  const rows = await getDb().$queryRaw<unknown[]>`
    SELECT s.id, s.kind::text AS kind, s.name, s."createdAt", s."lastUsedAt", s."expiresAt", s."revokedAt",
           s.scope::text AS scope, s."deviceBrowser", s."deviceOs", s."deviceIp",
           u.email AS "userEmail", u.name AS "userName", u."createdAt" AS "userCreatedAt",
           u."emailVerifiedAt" AS "userEmailVerifiedAt"
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${String(payload.sid)} AND s."userId" = ${String(payload.sub)}`;
  return rows[0];
}

/** The floor: HMAC-SHA256 over header.payload, compared in constant time; no claim checks. */
function hmacVerify(token: string): boolean {
  const [header, payload, signature] = token.split(".");
  const expected = createHmac("sha256", secretBytes).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature ?? "", "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Peer {
  check: () => Promise<unknown>;
  close: () => Promise<void>;
}

/** A better-auth instance in `mode` with a user signed up through its own API, and its getSession for that cookie. */
async function startPeer(mode: PeerMode): Promise<Peer> {
  const { auth, pool } = createPeer({ databaseUrl: peerUrl, secret, mode });
  const body = { email: `peer-${mode}-${Date.now()}@bench.local`, password: "bench-password-2026", name: "Bench" };
  const response = await auth.api.signUpEmail({ body, asResponse: true });
  const cookie = response.headers.getSetCookie().map((c: string) => c.split(";")[0]).join("; ");
  const headers = new Headers({ cookie });
  if (!(await auth.api.getSession({ headers }))) throw new Error(`better-auth (${mode}) refused its own session`);
  return { check: () => auth.api.getSession({ headers }), close: () => pool.end() };
}

const { token } = await createSession(userId, { device: { browser: "bench", os: null, ip: null } });
const traxReq = requestWithCookie(`__Host-trax_session=${token}`);
const seedReq = requestWithCookie(`token=${jsonwebtoken.sign({ sub: userId }, secret, { expiresIn: "1h" })}`);
const checks = [traxAuth(traxReq), traxAuthAsBefore(traxReq), seedStyleAuth(seedReq), verifySessionToken(token), verifyAsBefore(token)];
if ((await Promise.all(checks)).some((found) => !found) || !hmacVerify(token)) throw new Error("a variant refused a good token");

const auth = await alternate(
  { trax: () => traxAuth(traxReq), traxBefore: () => traxAuthAsBefore(traxReq), seed: () => seedStyleAuth(seedReq) },
  authOps,
  rounds,
);
const peers = Object.fromEntries(await Promise.all(MODES.map(async (mode) => [mode, await startPeer(mode)]))) as Record<PeerMode, Peer>;
const { trax: traxWithPeers, ...peerCosts } = await alternate(
  { trax: () => traxAuth(traxReq), default: peers.default.check, joins: peers.joins.check, cache: peers.cache.check },
  authOps,
  rounds,
);
const jwt = await alternate({ trax: () => verifySessionToken(token), before: () => verifyAsBefore(token), hmac: () => hmacVerify(token) }, jwtOps, rounds);
for (const peer of Object.values(peers)) await peer.close();
await getDb().$disconnect();
const result: InProcessResult = { auth, peers: peerCosts, traxWithPeers, jwt };
process.stdout.write(`${JSON.stringify(result)}\n`);
