import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "../support/app";
import { PASSWORD, uniqueEmail } from "../support/client";
import { browserUrl, cspViolations, launchBrowser, screenshot, seriousAxeViolations, watchCsp } from "./browser";

const WAIT = { timeout: 20_000 };
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 360, height: 780 };

async function expectAccessible(page: Page, name: string): Promise<void> {
  const findings = await seriousAxeViolations(page);
  expect(findings, `axe on ${name}`).toEqual([]);
}

/** Screenshots at desktop and 360 px (light), plus desktop dark, for a person to look at. */
async function shoot(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(NARROW);
  await screenshot(page, `${name}-360`);
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page, `${name} (dark, 360 px)`);
  await screenshot(page, `${name}-360-dark`);
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: "light" });
}

async function signUpInBrowser(page: Page, name: string, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
}

/** "Title by Artist" for each row of the songs table, in order. */
async function songRows(page: Page): Promise<string[]> {
  const labels = await page.locator("tbody tr").getByRole("button", { name: /^Remove / }).evaluateAll((els) => els.map((el) => el.getAttribute("aria-label") ?? ""));
  return labels.map((label) => label.replace(/^Remove /, ""));
}

async function waitForRowCount(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll("tbody tr").length === n, count, WAIT);
}

describe("the app in a real browser (PGlite)", () => {
  let app: TestApp;
  let browser: Browser;
  let owner: BrowserContext;
  let page: Page;
  let base: string;
  const email = uniqueEmail("e2e");
  let playlistUrl = "";

  beforeAll(async () => {
    // A low account lockout, so the browser meets the server's real 429; correct sign-ins clear the count.
    [app, browser] = await Promise.all([startApp("pglite", { SIGNIN_MAX_FAILURES_PER_ACCOUNT: "3" }), launchBrowser()]);
    base = browserUrl(app.baseUrl);
    // No transitions: axe and screenshots must see final colours, not a fade between schemes.
    owner = await browser.newContext({ baseURL: base, viewport: DESKTOP, reducedMotion: "reduce" });
    await watchCsp(owner);
    owner.setDefaultTimeout(15_000);
    page = await owner.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  afterEach(() => {
    expect(cspViolations.splice(0), "CSP violations").toEqual([]);
  });

  it("refuses a too-short password next to the field, then signs up", async () => {
    await page.goto("/signup");
    await expectAccessible(page, "signup");
    await signUpInBrowser(page, "Ada", email, "short");
    const error = page.getByText("Use at least 8 characters.");
    await error.waitFor(WAIT);
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    expect(page.url()).toBe(`${base}/signup`);
    await shoot(page, "signup-error");

    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(`${base}/`, WAIT);
    await page.getByRole("heading", { name: "Welcome back, Ada" }).waitFor(WAIT);
    await page.getByText("No playlists yet").waitFor(WAIT);
    await expectAccessible(page, "home");
  });

  it("creates a playlist, adds two songs by search, removes one and renames it", async () => {
    await page.getByLabel("Playlist name").fill("Road trip");
    await page.getByRole("button", { name: "Create playlist" }).click();
    await page.waitForURL(/\/playlist\/[^/]+$/, WAIT);
    playlistUrl = page.url();
    await page.getByRole("heading", { name: "Road trip", level: 1 }).waitFor(WAIT);

    await page.getByLabel("Search the catalogue").fill("Midnight");
    const addButtons = page.getByRole("button", { name: /^Add / });
    await addButtons.first().waitFor(WAIT);
    const [first, second] = (await addButtons.evaluateAll((els) => els.slice(0, 2).map((el) => el.getAttribute("aria-label") ?? "")));
    await addButtons.first().click();
    await waitForRowCount(page, 1);
    await addButtons.first().click();
    await waitForRowCount(page, 2);
    const titles = [first, second].map((label) => label?.replace(/^Add /, ""));
    expect(await songRows(page)).toEqual(titles);

    await page.reload();
    await waitForRowCount(page, 2);
    await page.getByRole("button", { name: `Remove ${titles[0]}`, exact: true }).click();
    await waitForRowCount(page, 1);
    await page.reload();
    await waitForRowCount(page, 1);
    expect(await songRows(page)).toEqual([titles[1]]);

    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByLabel("Playlist name").fill("Night drive");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Night drive", level: 1 }).waitFor(WAIT);
    // Saved: the form closes and keyboard focus is back on Rename.
    await page.waitForFunction(() => document.activeElement?.textContent === "Rename", undefined, WAIT);
    await page.reload();
    await page.getByRole("heading", { name: "Night drive", level: 1 }).waitFor(WAIT);
    await page.getByLabel("Search the catalogue").fill("Midnight");
    await page.getByRole("button", { name: /^Add / }).first().waitFor(WAIT);
    await expectAccessible(page, "playlist");
    await shoot(page, "playlist");
  });

  it("shows the home and account pages", async () => {
    await page.getByRole("link", { name: "Playlists" }).click();
    await page.getByRole("link", { name: /Night drive/ }).waitFor(WAIT);
    await page.getByText("Nova Harbor").waitFor(WAIT);
    await shoot(page, "home");

    await page.getByRole("link", { name: "Account" }).click();
    await page.getByText("This browser").waitFor(WAIT);
    await page.getByLabel("Token name").fill("backup script");
    await page.getByLabel("It may").selectOption("read");
    await page.getByRole("button", { name: "Create token" }).click();
    await page.getByText(/copy it now/).waitFor(WAIT);
    await page.getByText("API token “backup script”").waitFor(WAIT);
    // The scope it was made with is in the list, next to where it came from.
    await page.getByText(/^read only · /).waitFor(WAIT);
    await expectAccessible(page, "account");
    await shoot(page, "account");
  });

  it("signs out, then / and the playlist send the visitor to sign in without showing them", async () => {
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(/\/signin$/, WAIT);

    const home = await page.goto("/");
    expect(page.url()).toBe(`${base}/signin?next=%2F`);
    expect(home?.request().redirectedFrom()?.url()).toBe(`${base}/`);
    expect(await page.content()).not.toContain("Night drive");
    await expectAccessible(page, "signin");
    await shoot(page, "signin");

    await page.goto(playlistUrl);
    expect(page.url()).toBe(`${base}/signin?next=${encodeURIComponent(new URL(playlistUrl).pathname)}`);
  });

  it("signs in again, lands back on the playlist and finds it on the home page", async () => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong password!");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: /./ }).first().waitFor(WAIT);
    expect(page.url()).toContain("/signin");

    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(playlistUrl, WAIT);
    await page.getByRole("heading", { name: "Night drive", level: 1 }).waitFor(WAIT);
    await page.getByRole("link", { name: "Playlists" }).click();
    await page.getByRole("link", { name: /Night drive/ }).waitFor(WAIT);

    await page.goto("/signin");
    expect(page.url()).toBe(`${base}/`);
  });

  it("shows another user not-found for the first user's playlist, and ignores an off-site next", async () => {
    const other = await browser.newContext({ baseURL: base, viewport: DESKTOP });
    await watchCsp(other);
    try {
      const intruder = await other.newPage();
      await intruder.goto("/signup?next=%2F%2Fevil.example%2Fphish");
      await signUpInBrowser(intruder, "Mallory", uniqueEmail("intruder"));
      await intruder.waitForURL(`${base}/`, WAIT);

      await intruder.goto(playlistUrl);
      await intruder.getByRole("heading", { name: "Playlist not found" }).waitFor(WAIT);
      expect(await intruder.content()).not.toContain("Night drive");
      const api = await intruder.request.get(new URL(playlistUrl).pathname.replace("/playlist/", "/api/playlists/"));
      expect(api.status()).toBe(404);
    } finally {
      await other.close();
    }
  });

  it("tells a person held back by the rate limit when to try again", async () => {
    const fresh = await browser.newContext({ baseURL: base, viewport: DESKTOP });
    await watchCsp(fresh);
    try {
      const visitor = await fresh.newPage();
      await visitor.goto("/signin");
      await visitor.getByLabel("Email").fill(uniqueEmail("locked"));
      await visitor.getByLabel("Password").fill("not the password");
      const signIn = visitor.getByRole("button", { name: "Sign in", exact: true });
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const answered = visitor.waitForResponse((response) => response.url().endsWith("/api/signin"));
        await signIn.click();
        expect((await answered).status()).toBe(401);
      }
      await signIn.click();
      // The server's own 429: its Retry-After is the rest of the 15-minute window.
      await visitor.getByRole("alert").filter({ hasText: /Too many attempts\. Try again in 1[45] minutes\./ }).waitFor(WAIT);
      expect(visitor.url()).toBe(`${base}/signin`);
      expect(await visitor.getByRole("button", { name: "Sign in", exact: true }).isEnabled()).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it("deletes the playlist and returns home to an empty list", async () => {
    await page.goto(playlistUrl);
    await page.getByRole("button", { name: "Delete playlist" }).click();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.waitForURL(`${base}/`, WAIT);
    await page.getByText("No playlists yet").waitFor(WAIT);
    await page.goto(playlistUrl);
    await page.getByRole("heading", { name: "Playlist not found" }).waitFor(WAIT);
  });

  it("enforces the page's CSP: an inline script without the response's nonce is refused, and this suite sees it", async () => {
    await page.goto("/signin");
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.append(script);
    });
    await expect.poll(() => cspViolations.length, WAIT).toBeGreaterThan(0);
    expect(await page.evaluate(() => "injected" in window)).toBe(false);
    cspViolations.splice(0);
  });

  it("deletes the account after asking for the password; its credentials stop working", async () => {
    await page.goto("/account");
    await page.getByRole("button", { name: "Delete account" }).click();
    await page.getByText("Enter your password.").waitFor(WAIT);
    // The email section asks for the password too: the one meant is the delete section's.
    await page.getByRole("region", { name: "Delete account" }).getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Delete account" }).click();
    await page.waitForURL(`${base}/signup`, WAIT);

    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: /./ }).first().waitFor(WAIT);
    expect(page.url()).toBe(`${base}/signin`);
  });
});
