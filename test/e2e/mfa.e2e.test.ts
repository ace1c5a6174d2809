import { Secret, TOTP } from "otpauth";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "../support/app";
import { PASSWORD, uniqueEmail } from "../support/client";
import { browserUrl, cspViolations, launchBrowser, screenshot, seriousAxeViolations, watchCsp } from "./browser";

const WAIT = { timeout: 20_000 };
const DESKTOP = { width: 1280, height: 800 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await seriousAxeViolations(page), `axe on ${name}`).toEqual([]);
}

/** The code an authenticator app shows for `secret`, `offset` steps from now, away from a step's last 2 s. */
async function codeFor(secret: string, offset: number): Promise<string> {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 28_000) await sleep(30_000 - intoStep + 100);
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: Date.now() + offset * 30_000 });
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL(/\/signin$/, WAIT);
}

async function signInWithPassword(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

describe("a second factor and passkeys in a real browser (PGlite)", () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId = "";
  let other: BrowserContext;
  let otherPage: Page;
  let base: string;
  const email = uniqueEmail("mfa-e2e");

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp("pglite"), launchBrowser()]);
    base = browserUrl(app.baseUrl);
    // WebAuthn needs a domain for its relying party (an IP address is none): APP_URL is what the browser sees.
    await app.restart({ APP_URL: base });
    context = await browser.newContext({ baseURL: base, viewport: DESKTOP, reducedMotion: "reduce" });
    await watchCsp(context);
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    // A platform authenticator that holds discoverable credentials and verifies its user, as a phone or laptop does.
    cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    ({ authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    }));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  afterEach(() => {
    expect(cspViolations.splice(0), "CSP violations").toEqual([]);
  });

  it("registers a passkey on the account page", async () => {
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Grace");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(`${base}/`, WAIT);

    await page.goto("/account");
    const passkeys = page.getByRole("region", { name: "Passkeys" });
    await passkeys.getByText("No passkeys yet.").waitFor(WAIT);
    await expectAccessible(page, "account (no passkeys, no authenticator app)");
    await passkeys.getByLabel("Passkey name").fill("This laptop");
    await passkeys.getByRole("button", { name: "Add a passkey" }).click();
    const item = passkeys.getByRole("listitem").filter({ hasText: "This laptop" });
    await item.getByText(/never used/).waitFor(WAIT);
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.isResidentCredential).toBe(true);
  });

  it("signs out and signs in with the passkey the email field's autofill offers, typing nothing", async () => {
    // Signing out lands on the sign-in page, whose email field asks for passkeys at once; the virtual
    // authenticator picks the one it holds as a person would from the field's suggestions.
    const answered = page.waitForResponse((response) => response.url().endsWith("/api/signin/passkey"));
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    expect((await answered).status()).toBe(200);
    await page.waitForURL(`${base}/`, WAIT);
    await page.getByRole("heading", { name: "Welcome back, Grace" }).waitFor(WAIT);

    await page.goto("/account");
    const passkeys = page.getByRole("region", { name: "Passkeys" });
    await passkeys.getByRole("listitem").filter({ hasText: "This laptop" }).getByText(/last used/).waitFor(WAIT);
    await page.getByRole("region", { name: "Sessions and API tokens" }).getByText(/signed in with a passkey/).waitFor(WAIT);
    await expectAccessible(page, "account with a passkey");
    await screenshot(page, "account-passkey");
  });

  it("signs in with the button where the browser has no passkey autofill, from another browser holding the same passkey", async () => {
    other = await browser.newContext({ baseURL: base, viewport: DESKTOP, reducedMotion: "reduce" });
    await watchCsp(other);
    other.setDefaultTimeout(15_000);
    // A browser that cannot offer passkeys in autofill (as @simplewebauthn/browser detects it).
    await other.addInitScript(() => {
      Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", { value: undefined });
    });
    otherPage = await other.newPage();
    const otherCdp = await other.newCDPSession(otherPage);
    await otherCdp.send("WebAuthn.enable");
    const { authenticatorId: otherAuthenticator } = await otherCdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    const [credential] = credentials;
    if (!credential) throw new Error("the first browser holds no passkey");
    await otherCdp.send("WebAuthn.addCredential", { authenticatorId: otherAuthenticator, credential });

    await otherPage.goto("/signin");
    expect(await otherPage.getByLabel("Email").getAttribute("autocomplete")).toBe("username webauthn");
    await expectAccessible(otherPage, "signin with the passkey button");
    await screenshot(otherPage, "signin-passkey");
    await otherPage.getByRole("button", { name: "Sign in with a passkey" }).click();
    await otherPage.waitForURL(`${base}/`, WAIT);
    await otherPage.getByRole("heading", { name: "Welcome back, Grace" }).waitFor(WAIT);
    await signOut(otherPage);
  });

  it("removes the passkey, after which signing in with it is refused, by button and by autofill", async () => {
    await page.goto("/account");
    const passkeys = page.getByRole("region", { name: "Passkeys" });
    await passkeys.getByRole("button", { name: "Remove passkey This laptop" }).click();
    await passkeys.getByText("No passkeys yet.").waitFor(WAIT);

    // Both authenticators still hold the credential; the server no longer knows it.
    await otherPage.goto("/signin");
    const refused = otherPage.waitForResponse((response) => response.url().endsWith("/api/signin/passkey"));
    await otherPage.getByRole("button", { name: "Sign in with a passkey" }).click();
    expect((await refused).status()).toBe(401);
    await otherPage.getByRole("alert").filter({ hasText: "That passkey is not registered here" }).waitFor(WAIT);
    expect(otherPage.url()).toBe(`${base}/signin`);

    await signOut(page);
    await page.getByRole("alert").filter({ hasText: "That passkey is not registered here" }).waitFor(WAIT);
    expect(page.url()).toBe(`${base}/signin`);
    await expectAccessible(page, "signin after a refused passkey");
  });

  it("sets up an authenticator app, then signs in with a code and with a recovery code", async () => {
    await signInWithPassword(page, email);
    await page.waitForURL(`${base}/`, WAIT);
    await page.goto("/account");
    const totp = page.getByRole("region", { name: "Authenticator app" });
    await totp.getByLabel("Password").fill(PASSWORD);
    await totp.getByRole("button", { name: "Set up" }).click();
    await totp.getByRole("img", { name: "QR code for your authenticator app" }).waitFor(WAIT);
    const secret = ((await totp.getByText(/^Key:/).textContent()) ?? "").replace(/^Key:\s*/, "").trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(page, "authenticator app set-up");
    await screenshot(page, "account-totp-setup");
    await totp.getByLabel("Code from the app").fill(await codeFor(secret, -1));
    await totp.getByRole("button", { name: "Turn on" }).click();
    const codes = totp.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await codes.first().waitFor(WAIT);
    const recoveryCodes = await codes.allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await expectAccessible(page, "recovery codes");
    await totp.getByRole("button", { name: "I have saved them" }).click();
    await totp.getByText(/^On\./).waitFor(WAIT);

    await signOut(page);
    await signInWithPassword(page, email);
    const code = page.getByLabel("Code from your authenticator app");
    await code.waitFor(WAIT);
    expect(page.url()).toContain("/signin");
    await expectAccessible(page, "signin second step");
    await screenshot(page, "signin-second-step");
    await code.fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("alert").filter({ hasText: "That code is not right" }).waitFor(WAIT);
    await code.fill(await codeFor(secret, 0));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(`${base}/`, WAIT);

    await signOut(page);
    await signInWithPassword(page, email);
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(recoveryCodes[0] ?? "");
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(`${base}/`, WAIT);
    await page.goto("/account");
    await page.getByRole("region", { name: "Sessions and API tokens" }).getByText(/signed in with a password and a recovery code/).first().waitFor(WAIT);
  });
});
