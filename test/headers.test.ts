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

  it.each(["/", "/api/health", "/api/me", "/does-not-exist"])("sends the security headers on %s", async (path) => {
    const response = await fetch(`${app.baseUrl}${path}`);
    const csp = directives(response.headers.get("content-security-policy") ?? "");
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("marks API answers no-store, errors included", async () => {
    expect((await fetch(`${app.baseUrl}/api/health`)).headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${app.baseUrl}/api/me`)).headers.get("cache-control")).toBe("no-store");
  });

  it("serves pages whose only inline script is Turbopack's bootstrap (the reason for script-src 'unsafe-inline')", async () => {
    const html = await (await fetch(`${app.baseUrl}/`)).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attributes = "", text = ""]) => ({ attributes, text }));
    expect(scripts.length).toBeGreaterThan(0);
    const inline = scripts.filter(({ attributes }) => !/\bsrc=/.test(attributes) && !/type="application\/json"/.test(attributes));
    for (const { text } of inline) expect(text).toMatch(/^(?:\(globalThis\["TURBOPACK"\] \|\| \(globalThis\["TURBOPACK"\] = \[\]\)\)\.push\(\{[^;]*\}\);\s*)+$/);
    for (const { attributes } of scripts.filter(({ attributes }) => /\bsrc=/.test(attributes))) expect(attributes).toMatch(/src="\/_next\//);
  });
});
