// Serves one built Vercel function (a `.func` directory of `vercel build`)
// over HTTP on loopback, loading its handler the way Vercel's Node.js launcher
// does for `launcherType: "Nodejs"` (as @vercel/node's dev server mirrors it):
// import the handler file, unwrap `default`, and hand the (req, res) function
// to an http.Server. Plain JavaScript on purpose: it runs on bare Node, with
// nothing on the module path but the function's own files.
//
// Usage: node launcher.mjs <function dir> <port>; prints "listening" when ready.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [functionDir, port] = process.argv.slice(2);
if (!functionDir || !port) throw new Error("usage: node launcher.mjs <function dir> <port>");

/** @type {{ handler: string; launcherType?: string; shouldAddHelpers?: boolean; environment?: Record<string, string> }} */
const config = JSON.parse(readFileSync(path.join(functionDir, ".vc-config.json"), "utf8"));
if (config.launcherType !== "Nodejs") throw new Error(`unsupported launcherType ${config.launcherType}`);
// Vercel's helpers (req.query, res.json, …) are for plain Node functions; Next's never asks for them.
if (config.shouldAddHelpers) throw new Error("shouldAddHelpers is not implemented by this launcher");
Object.assign(process.env, config.environment ?? {});

// What Vercel's runtime provides to the function: waitUntil, through the request context.
const pending = new Set();
Object.defineProperty(globalThis, Symbol.for("@vercel/request-context"), {
  configurable: true,
  value: {
    get: () => ({
      waitUntil: (/** @type {Promise<unknown>} */ promise) => {
        pending.add(promise);
        promise.finally(() => pending.delete(promise)).catch(() => {});
      },
    }),
  },
});

let handler = await import(pathToFileURL(path.resolve(functionDir, config.handler)).href);
for (let i = 0; i < 5 && handler && typeof handler !== "function" && "default" in handler; i++) handler = handler.default;
if (typeof handler !== "function") throw new Error(`${config.handler} does not export a (req, res) handler`);

const server = createServer(handler);
server.listen(Number(port), "127.0.0.1", () => console.log("listening"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
