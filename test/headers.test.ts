import { describe, expect, it } from "vitest";
import { useApp } from "./support/app";
import { backends } from "./support/backends";

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((part) => {
    const [name = "", ...values] = part.trim().split(/\s+/);
    return [name, values] as const;
  }));
}

describe.each(backends())("security headers on %s", (backend) => {
  const app = useApp(backend);

  it.each(["/", "/signin", "/forgot-password", "/does-not-exist"])("sends a page's policy on %s: scripts only with this response's nonce", async (path) => {
    const response = await fetch(`${app.baseUrl}${path}`);
    const csp = directives(response.headers.get("content-security-policy") ?? "");
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}==?'$/)]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expectCommonHeaders(response);
  });

  it.each(["/api/health", "/api/me"])("sends an API answer's policy on %s: nothing may load from it", async (path) => {
    const response = await fetch(`${app.baseUrl}${path}`);
    const csp = directives(response.headers.get("content-security-policy") ?? "");
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expectCommonHeaders(response);
  });

  it("marks API answers no-store, errors included", async () => {
    expect((await fetch(`${app.baseUrl}/api/health`)).headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${app.baseUrl}/api/me`)).headers.get("cache-control")).toBe("no-store");
  });

  // Next's not-found page is built once, static: it carries no nonce, so its one inline bootstrap
  // script is refused and it shows without scripts (it has nothing to run). Every other page renders per request.
  it.each(["/", "/signin", "/reset-password"])("puts the response's own nonce on every script of %s, and a new one on each response", async (path) => {
    const nonces = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${app.baseUrl}${path}`);
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1] ?? "";
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map(([, attributes = ""]) => attributes);
      const executable = scripts.filter((attributes) => !/type="application\/json"/.test(attributes));
      expect(executable.length).toBeGreaterThan(0);
      for (const attributes of executable) expect(attributes).toContain(`nonce="${nonce}"`);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(2);
  });
});

function expectCommonHeaders(response: Response): void {
  const csp = directives(response.headers.get("content-security-policy") ?? "");
  expect(csp.get("script-src") ?? []).not.toContain("'unsafe-inline'");
  expect(csp.get("script-src") ?? []).not.toContain("'unsafe-eval'");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("referrer-policy")).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
  expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  expect(response.headers.get("x-powered-by")).toBeNull();
}
