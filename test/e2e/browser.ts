import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { ROOT } from "../support/constants";

const CHROMIUM = "/usr/bin/chromium";

/** Debian's Chromium, installed with apt on first use (the test machine runs as root). Idempotent: a no-op once present. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  console.log("[e2e] installing Chromium with apt-get…");
  execFileSync("sh", ["-c", "apt-get update && apt-get install -y chromium"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    timeout: 15 * 60_000,
  });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed no ${CHROMIUM}`);
  return CHROMIUM;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      // The app listens on 127.0.0.1; the browser calls it localhost, a secure context for __Host- cookies.
      "--host-resolver-rules=MAP localhost 127.0.0.1",
    ],
  });
}

/** CSP violations the pages of watched contexts reported; each suite fails on any left here after a test. */
export const cspViolations: string[] = [];

/** Reports every CSP violation of the context's pages (injected over DevTools, so the CSP itself does not apply to it). */
export async function watchCsp(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI || "an inline script"}`);
    });
  });
  const watch = (page: Page) =>
    page.on("console", (message) => {
      if (/CSP violation|Content Security Policy/.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
    });
  context.pages().forEach(watch);
  context.on("page", watch);
}

/** The test app's URL as the browser should see it. */
export function browserUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.hostname = "localhost";
  return url.origin;
}

export const SCREENSHOTS = path.join(ROOT, "test-results/screenshots");

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.x A/AA checks on the page as it is now; only serious and critical findings. */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated over the DevTools protocol, so the app's CSP does not have to allow it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: RawViolation[] }> } }).axe;
    interface RawViolation {
      id: string;
      impact?: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    }
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? "", help: v.help, targets: v.nodes.map((n) => String(n.target)) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
