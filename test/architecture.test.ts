import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/constants";

// The layer rules live in eslint.config.mjs; these cases prove they fire, so a
// wrong arrow fails `npm run lint` in CI rather than going unnoticed.
const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

const importOf = (specifier: string) => `import * as imported from "${specifier}";\nexport const used = imported;\n`;

describe("the import direction between layers", () => {
  it.each([
    ["lib/auth/example.ts", "@/lib/music/playlists", "the auth core importing the music domain"],
    ["lib/auth/example.ts", "../music/catalogue", "the same, written as a relative path"],
    ["lib/auth/example.ts", "@/lib/frontend/hooks", "the auth core importing the frontend"],
    ["lib/platform/example.ts", "@/lib/auth/session", "the platform importing the auth core"],
    ["lib/platform/example.ts", "@/lib/music/catalogue", "the platform importing the music domain"],
    ["lib/music/example.ts", "@/lib/openapi/document", "the music domain importing the API document"],
    ["lib/mail/example.ts", "@/lib/auth/users", "the mail layer importing the auth core"],
    ["lib/mail/example.ts", "@/lib/music/playlists", "the mail layer importing the music domain"],
    ["lib/platform/example.ts", "@/lib/mail/outbox", "the platform importing the mail layer"],
    ["components/Example.tsx", "@/lib/mail/outbox", "a component importing the server-side outbox"],
    ["lib/auth/example.ts", "@/pages/api/me", "a layer importing a route file"],
    ["components/Example.tsx", "@/lib/platform/db", "a component importing the database"],
    ["components/Example.tsx", "@/lib/auth/session", "a component importing server-side auth"],
    ["lib/auth/example.ts", "@/lib/mfa/totp", "the auth core importing the second factor (route files compose them)"],
    ["lib/mfa/example.ts", "@/lib/music/playlists", "the second factor importing the music domain"],
    ["components/Example.tsx", "@/lib/mfa/passkeys", "a component importing server-side WebAuthn"],
  ])("%s may not import %s (%s)", async (file, specifier) => {
    const found = await problems(file, importOf(specifier));
    expect(found.some((line) => line.startsWith("import/no-restricted-paths"))).toBe(true);
  });

  it.each([
    ["lib/auth/example.ts", "@/lib/platform/db"],
    ["lib/auth/example.ts", "@/lib/mail/outbox"],
    ["lib/mail/example.ts", "@/lib/platform/db"],
    ["lib/music/example.ts", "@/lib/auth/schemas"],
    ["lib/openapi/example.ts", "@/lib/music/schemas"],
    ["lib/frontend/example.ts", "@/lib/auth/validate-route"],
    ["components/Example.tsx", "@/lib/frontend/hooks"],
    ["components/Example.tsx", "@/lib/auth/schemas"],
    ["pages/api/example.ts", "@/lib/music/playlists"],
    ["lib/mfa/example.ts", "@/lib/auth/session"],
    ["lib/mfa/example.ts", "@/lib/mail/outbox"],
    ["components/Example.tsx", "@/lib/mfa/schemas"],
  ])("%s may import %s", async (file, specifier) => {
    expect(await problems(file, importOf(specifier))).toEqual([]);
  });
});

describe("configuration is read in one place", () => {
  it.each(["lib/auth/example.ts", "lib/mail/example.ts", "lib/music/example.ts", "pages/api/example.ts", "components/Example.tsx"])(
    "%s may not read process.env",
    async (file) => {
      const found = await problems(file, "export const value = process.env.JWT_SECRET;\n");
      expect(found.some((line) => line.startsWith("no-restricted-syntax"))).toBe(true);
    },
  );

  it("lib/platform may", async () => {
    expect(await problems("lib/platform/example.ts", "export const value = process.env.JWT_SECRET;\n")).toEqual([]);
  });
});
