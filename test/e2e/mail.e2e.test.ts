import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startApp, type TestApp } from "../support/app";
import { PASSWORD, uniqueEmail } from "../support/client";
import { linkIn, startSmtp, type TestSmtp } from "../support/smtp";
import { browserUrl, cspViolations, launchBrowser, screenshot, seriousAxeViolations, watchCsp } from "./browser";

const WAIT = { timeout: 20_000 };
const NEW_PASSWORD = "a brand new passphrase";

async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await seriousAxeViolations(page), `axe on ${name}`).toEqual([]);
}

describe("mail journeys in a real browser (PGlite)", () => {
  let app: TestApp;
  let smtp: TestSmtp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const email = uniqueEmail("e2e-mail");
  const outsideRequests: string[] = [];

  /** The mailed link as the browser reaches the app (localhost, see browser.ts). */
  const inBrowser = (url: URL) => `${base}${url.pathname}${url.hash}`;

  beforeAll(async () => {
    smtp = await startSmtp();
    [app, browser] = await Promise.all([startApp("pglite", { SMTP_URL: smtp.url }), launchBrowser()]);
    base = browserUrl(app.baseUrl);
    context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
    await watchCsp(context);
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on("request", (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith("data:")) outsideRequests.push(request.url());
    });
  }, 600_000);

  afterEach(() => {
    expect(cspViolations.splice(0), "CSP violations").toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.stop();
  });

  it("has no development mailbox in a production build", async () => {
    const reply = await fetch(`${app.baseUrl}/dev/mailbox`);
    expect(reply.status).toBe(404);
    expect(await reply.text()).not.toContain("Development mailbox");
  });

  it("signs up, shows the unverified banner, and verifies through the mailed link", async () => {
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Mail Tester");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    const banner = page.getByRole("region", { name: "Confirm your email" });
    await banner.waitFor(WAIT);
    await expectAccessible(page, "home with the unverified banner");

    const link = linkIn(await smtp.waitFor(email));
    const response = await page.goto(inBrowser(link));
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await page.getByRole("button", { name: "Confirm my email" }).waitFor(WAIT);
    expect(page.url()).toBe(`${base}/verify-email`);
    await expectAccessible(page, "verify-email");
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await page.getByText(`${email} is confirmed.`).waitFor(WAIT);
    await screenshot(page, "verify-email-done");

    await page.goto("/account");
    await page.getByText("(confirmed)").waitFor(WAIT);
    expect(await page.getByRole("region", { name: "Confirm your email" }).count()).toBe(0);
  });

  it("changes the email on the account page through a link to the new address", async () => {
    const next = uniqueEmail("e2e-moved");
    await page.goto("/account");
    const section = page.getByRole("region", { name: "Email", exact: true });
    await section.getByLabel("New email").fill(next);
    await section.getByLabel("Password").fill(PASSWORD);
    await section.getByRole("button", { name: "Change email" }).click();
    await page.getByText(`A link is on its way to ${next}.`).waitFor(WAIT);
    await expectAccessible(page, "account after an email change request");

    const link = linkIn(await smtp.waitFor(next));
    await page.goto(inBrowser(link));
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await page.getByText(`${next} is confirmed.`).waitFor(WAIT);
    await page.goto("/account");
    await page.getByText(next).first().waitFor(WAIT);
    expect((await smtp.waitFor(email, 3)).subject).toBe("Your Trax email was changed");
  });

  it("resets a forgotten password from the sign-in page and signs in with the new one", async () => {
    const current = smtp.mails.find((mail) => mail.subject === "Confirm your new email for Trax")?.to[0];
    if (!current) throw new Error("the email change journey did not run");
    await context.clearCookies();
    await page.goto("/signin");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.waitForURL(`${base}/forgot-password`, WAIT);
    await expectAccessible(page, "forgot-password");
    await page.getByLabel("Email").fill(current);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByText(`If an account uses ${current}`).waitFor(WAIT);

    const link = linkIn(await smtp.waitForSubject(current, "Reset your Trax password"));
    expect(link.pathname).toBe("/reset-password");
    const response = await page.goto(inBrowser(link));
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await page.getByLabel("New password").waitFor(WAIT);
    expect(page.url()).toBe(`${base}/reset-password`);
    await expectAccessible(page, "reset-password");
    await page.getByLabel("New password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.getByText("Your password was changed").waitFor(WAIT);
    await screenshot(page, "reset-password-done");

    await page.getByRole("link", { name: "Sign in" }).first().click();
    await page.getByLabel("Email").fill(current);
    await page.getByLabel("Password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${base}/`, WAIT);
    expect(outsideRequests).toEqual([]);
  });
});
