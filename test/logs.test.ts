import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useApp, type TestApp } from "./support/app";
import { backends } from "./support/backends";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type LogLine = Record<string, unknown>;

/** The server's JSON log lines so far. */
function logLines(app: TestApp): LogLine[] {
  return app
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Waits a moment for the server's output to reach us, then its lines naming this request id. */
async function linesOf(app: TestApp, requestId: string): Promise<LogLine[]> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return logLines(app).filter((line) => line.requestId === requestId);
}

describe.each(backends())("X-Request-Id on %s", (backend) => {
  const app = useApp(backend);

  async function requestId(path: string, headers: HeadersInit = {}, method = "GET"): Promise<string | null> {
    const response = await fetch(`${app.baseUrl}${path}`, { method, headers, redirect: "manual" });
    await response.arrayBuffer();
    return response.headers.get("x-request-id");
  }

  it.each(["iad1::abcde-1700000000000-0123456789ab", randomUUID(), "a", "x".repeat(128), "A.b_c:d-9"])("keeps the caller's well-formed id %s", async (id) => {
    expect(await requestId("/api/health", { "x-request-id": id })).toBe(id);
  });

  it.each(["", "x".repeat(129), "has space", "semi;colon", 'quo"te', "a,b", "<script>", "caf\u00e9", "tab\there"])(
    "replaces a malformed id %j with a fresh one",
    async (id) => {
      expect(await requestId("/api/health", { "x-request-id": id })).toMatch(UUID);
    },
  );

  it("replaces an id sent twice (joined, it is no longer well-formed)", async () => {
    const headers = new Headers();
    headers.append("x-request-id", "first");
    headers.append("x-request-id", "second");
    expect(await requestId("/api/health", headers)).toMatch(UUID);
  });

  it("takes Vercel's x-vercel-id when the caller sends no id of its own", async () => {
    const vercelId = "fra1::iad1::8m5p9-1700000000000-abcdef123456";
    expect(await requestId("/api/health", { "x-vercel-id": vercelId })).toBe(vercelId);
    expect(await requestId("/api/health", { "x-vercel-id": vercelId, "x-request-id": "mine" })).toBe("mine");
  });

  it("names every answer: successes, errors, 404s, 405s and server-rendered pages, each its own", async () => {
    const ids = [
      await requestId("/api/health"),
      await requestId("/api/me"),
      await requestId("/api/no-such-route"),
      await requestId("/api/health", {}, "DELETE"),
      await requestId("/api/signin", { "content-type": "text/plain" }, "POST"),
      await requestId("/"),
      await requestId("/signin"),
    ];
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names the same id in the server's log line for that request", async () => {
    const id = `trace-${randomUUID()}`;
    expect(await requestId("/api/me", { "x-request-id": id })).toBe(id);
    const lines = await linesOf(app, id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ requestId: id, route: "/api/me", status: 401, code: "unauthenticated" });
  });
});
