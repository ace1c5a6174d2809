/**
 * In-process figures 2 and 3, run as a child with the bench server's env
 * (DATABASE_URL, JWT_SECRET, NODE_ENV=production) against the same database.
 * Imports Trax's real modules; the seed-course variant lives only here.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { parse } from "cookie";
import jsonwebtoken from "jsonwebtoken";
import { readSessionCookie } from "@/lib/auth/cookies";
import { verifySessionToken } from "@/lib/auth/jwt";
import { createSession, validateSessionToken } from "@/lib/auth/session";
import { getDb } from "@/lib/platform/db";
import { median, microsPerOp } from "./stats";

export interface InProcessResult {
  traxAuthUs: number;
  seedAuthUs: number;
  traxJwtUs: number;
  hmacJwtUs: number;
}

const { userId, rounds, authOps, jwtOps } = JSON.parse(process.argv[2] ?? "{}") as {
  userId: string;
  rounds: number;
  authOps: number;
  jwtOps: number;
};
const secret = process.env.JWT_SECRET ?? "";
const secretBytes = Buffer.from(secret, "utf8");

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

/** The floor: HMAC-SHA256 over header.payload, compared in constant time; no claim checks. */
function hmacVerify(token: string): boolean {
  const [header, payload, signature] = token.split(".");
  const expected = createHmac("sha256", secretBytes).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature ?? "", "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function interleaved(ops: number, a: () => unknown, b: () => unknown): Promise<[number, number]> {
  const as: number[] = [];
  const bs: number[] = [];
  await microsPerOp(Math.ceil(ops / 3), a);
  await microsPerOp(Math.ceil(ops / 3), b);
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so drift on a shared machine hits both alike.
    if (round % 2 === 0) as.push(await microsPerOp(ops, a));
    bs.push(await microsPerOp(ops, b));
    if (round % 2 === 1) as.push(await microsPerOp(ops, a));
  }
  return [median(as), median(bs)];
}

const { token } = await createSession(userId, { device: { browser: "bench", os: null, ip: null } });
const traxReq = requestWithCookie(`__Host-trax_session=${token}`);
const seedReq = requestWithCookie(`token=${jsonwebtoken.sign({ sub: userId }, secret, { expiresIn: "1h" })}`);
if (!(await traxAuth(traxReq)) || !(await seedStyleAuth(seedReq))) throw new Error("an auth variant refused its own token");
if (!hmacVerify(token) || !(await verifySessionToken(token))) throw new Error("a verifier refused a good token");

const [traxAuthUs, seedAuthUs] = await interleaved(authOps, () => traxAuth(traxReq), () => seedStyleAuth(seedReq));
const [traxJwtUs, hmacJwtUs] = await interleaved(jwtOps, () => verifySessionToken(token), () => hmacVerify(token));
await getDb().$disconnect();
const result: InProcessResult = { traxAuthUs, seedAuthUs, traxJwtUs, hmacJwtUs };
process.stdout.write(`${JSON.stringify(result)}\n`);
