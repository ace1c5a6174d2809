import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useApp } from "./support/app";
import { backends } from "./support/backends";
import { Client } from "./support/client";
import { ROOT } from "./support/constants";

const run = promisify(execFile);
// The account `npm run dev` seeds and the README's blocks sign in as.
const DEMO = { email: "demo@trax.local", password: "trax-demo-2026" };

/** The README's shell blocks that call the API, as written there. */
function apiBlocks(): string[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/^ *```sh\n([\s\S]*?)^ *```$/gm)].map(([, block = ""]) => block).filter((block) => /\/api\//.test(block));
}

describe.each(backends())("the README's API examples on %s", (backend) => {
  const app = useApp(backend);
  const blocks = apiBlocks();

  it("has some, each using BASE for where Trax runs", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      expect(block).toMatch(/^BASE=\$\{BASE:-http:\/\/localhost:3000\}$/m);
      expect(block).not.toMatch(/localhost:3000\/api|127\.0\.0\.1/);
      expect(block).not.toMatch(/-H ['"]?origin:/i);
    }
  });

  it.each(blocks.map((block, index) => [index + 1, block] as const))("block %i runs as written, with BASE set", async (_index, block) => {
    const seeded = await new Client(app.baseUrl).post("/api/signup", { ...DEMO, name: "Demo Listener" });
    expect([201, 409]).toContain(seeded.status);
    const bin = path.dirname(process.execPath);
    const { stdout } = await run("bash", ["-euo", "pipefail", "-c", block], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}`, BASE: app.baseUrl },
    });
    // Each block ends in an answer of the API, as JSON.
    const last = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as Record<string, unknown>;
    expect(last.playlists ?? last.playlist).toBeDefined();
  });
});
