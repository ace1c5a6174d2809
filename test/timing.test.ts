import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "./support/app";
import { backends } from "./support/backends";
import { Client, signUp, uniqueEmail } from "./support/client";

const SAMPLES = 21;
const WARM_UP = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timedSignIn(baseUrl: string, email: string): Promise<number> {
  const started = performance.now();
  const reply = await new Client(baseUrl).post("/api/signin", { email, password: "wrong password, same length" });
  const elapsed = performance.now() - started;
  expect(reply.status).toBe(401);
  return elapsed;
}

// The one timing assertion the suite allows: a ratio of medians, with 10 % tolerance.
describe.each(backends())("sign-in timing at the production bcrypt cost (%s)", (backend) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(backend, { BCRYPT_COST: "12" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("takes as long for an unknown email as for a wrong password", { timeout: 120_000 }, async () => {
    const { email } = await signUp(app.baseUrl);
    const unknown = uniqueEmail("unknown");
    for (let i = 0; i < WARM_UP; i += 1) await Promise.all([timedSignIn(app.baseUrl, email), timedSignIn(app.baseUrl, unknown)]);
    const known: number[] = [];
    const missing: number[] = [];
    // Pairs, in a random order each, so drift on a shared machine weighs on both sides alike.
    for (let i = 0; i < SAMPLES; i += 1) {
      if (Math.random() < 0.5) {
        known.push(await timedSignIn(app.baseUrl, email));
        missing.push(await timedSignIn(app.baseUrl, unknown));
      } else {
        missing.push(await timedSignIn(app.baseUrl, unknown));
        known.push(await timedSignIn(app.baseUrl, email));
      }
    }
    const [a, b] = [median(known), median(missing)];
    expect(Math.abs(a - b) / Math.max(a, b), `wrong password ${a.toFixed(1)} ms, unknown email ${b.toFixed(1)} ms`).toBeLessThan(0.1);
  });
});
