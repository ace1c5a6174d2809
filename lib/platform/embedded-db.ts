import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { sameSecret } from "./secrets";

interface EmbeddedPostgres {
  url: string;
  stop: () => Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const AUTH_CLEARTEXT = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]);

/** Reads exactly n bytes from a paused socket (the start-up exchange only). */
function readBytes(socket: Socket, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tryRead = () => {
      const chunk = socket.read(n) as Buffer | null;
      if (chunk) return done(null, chunk);
      if (socket.readableEnded || socket.destroyed) done(new Error("closed during start-up"));
    };
    const done = (error: Error | null, chunk?: Buffer) => {
      socket.off("readable", tryRead).off("end", tryRead).off("close", tryRead);
      if (error || !chunk) reject(error ?? new Error("no data"));
      else resolve(chunk);
    };
    socket.on("readable", tryRead).on("end", tryRead).on("close", tryRead);
    tryRead();
  });
}

/** The client's StartupMessage, after declining TLS/GSS encryption (loopback only). */
async function readStartup(socket: Socket): Promise<Buffer> {
  for (;;) {
    const head = await readBytes(socket, 8);
    const length = head.readInt32BE(0);
    const code = head.readInt32BE(4);
    if (length === 8 && (code === SSL_REQUEST || code === GSS_REQUEST)) {
      socket.write("N");
      continue;
    }
    if (length < 8 || length > 10_000) throw new Error("not a start-up message");
    return Buffer.concat([head, await readBytes(socket, length - 8)]);
  }
}

async function readPassword(socket: Socket): Promise<Buffer> {
  const head = await readBytes(socket, 5);
  const length = head.readInt32BE(1);
  if (head[0] !== 0x70 || length < 5 || length > 1024) throw new Error("not a password message");
  const body = await readBytes(socket, length - 4);
  return body.subarray(0, body.indexOf(0) === -1 ? body.length : body.indexOf(0));
}

function refuse(socket: Socket): void {
  const fields = "SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed\0\0";
  const message = Buffer.alloc(5 + Buffer.byteLength(fields));
  message.write("E", 0);
  message.writeInt32BE(4 + Buffer.byteLength(fields), 1);
  message.write(fields, 5);
  socket.end(message);
}

/** Asks for the password, and on success hands the connection, start-up included, to PGlite's socket. */
async function admit(client: Socket, secret: string, pgliteSocket: string): Promise<void> {
  client.pause();
  const startup = await readStartup(client);
  client.write(AUTH_CLEARTEXT);
  if (!sameSecret(await readPassword(client), secret)) return refuse(client);
  const upstream = connect(pgliteSocket);
  upstream.write(startup);
  client.pipe(upstream).pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on("error", close).on("close", close);
  upstream.on("error", close).on("close", close);
  client.resume();
}

function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject).listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (typeof address === "object" && address) resolve(address.port);
      else reject(new Error("no loopback port"));
    });
  });
}

/** Owner-only data: the directory tree 0700, its files 0600. */
function restrictToOwner(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) restrictToOwner(full);
    else if (entry.isFile() && (statSync(full).mode & 0o077) !== 0) chmodSync(full, 0o600);
  }
}

async function openDatabase(dataDir: string): Promise<PGlite> {
  if (dataDir.startsWith("memory://")) return PGlite.create(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Files PGlite creates later inherit this process's umask; the 0700 directory keeps them private anyway.
  const db = await PGlite.create(dataDir);
  restrictToOwner(dataDir);
  return db;
}

/**
 * Runs PGlite behind its Postgres wire-protocol socket, so the app and the
 * Prisma CLI reach it through the same `pg` adapter as a real Postgres: unique
 * violations, timeouts and transactions then behave identically on both.
 *
 * PGlite's socket asks for no password, so it listens on a Unix socket in an
 * owner-only directory, and what is open on loopback is a gate in front of it
 * that wants a random per-process secret (cleartext password auth: the bytes
 * never leave this machine's loopback). Another local user, or a page in a
 * browser, can reach the port but not the data.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const db = await openDatabase(dataDir);
  const socketDir = mkdtempSync(path.join(tmpdir(), "trax-pglite-"));
  const pgliteSocket = path.join(socketDir, "pglite.sock");
  // PGlite has a single session: one connection keeps transactions apart.
  const server = new PGLiteSocketServer({ db, path: pgliteSocket, maxConnections: 1 });
  await server.start();
  const secret = randomBytes(24).toString("base64url");
  const clients = new Set<Socket>();
  const gate = createServer((client) => {
    clients.add(client.on("close", () => clients.delete(client)));
    admit(client, secret, pgliteSocket).catch(() => client.destroy());
  });
  const port = await listenOnLoopback(gate);
  return {
    url: `postgresql://postgres:${secret}@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: async () => {
      for (const client of clients) client.destroy();
      await new Promise((resolve) => gate.close(resolve));
      await server.stop();
      await db.close();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
