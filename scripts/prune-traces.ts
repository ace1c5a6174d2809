/**
 * After `next build`: takes the files no deployment loads out of the
 * instrumentation trace too. Next applies `outputFileTracingExcludes` to page
 * and API traces only, and Vercel ships the instrumentation trace with the
 * function that runs proxy.ts, which then carried Prisma's engines for other
 * databases (test/vercel.test.ts checks every function).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { NEVER_LOADED_IN_PRODUCTION } from "../next.config.js";

const trace = path.join(".next", "server", "instrumentation.js.nft.json");
const { version, files } = JSON.parse(readFileSync(trace, "utf8")) as { version: number; files: string[] };
const fromRoot = (file: string) => path.relative(".", path.join(path.dirname(trace), file));
const kept = files.filter((file) => !NEVER_LOADED_IN_PRODUCTION.some((pattern) => path.matchesGlob(fromRoot(file), pattern)));
writeFileSync(trace, JSON.stringify({ version, files: kept }));
console.log(`[trax] ${trace}: left out ${files.length - kept.length} of ${files.length} files no deployment loads`);
