import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/**
 * The architecture as a rule: each folder of lib/ names the folders it may
 * import (see lib/README.md). An arrow that is not listed fails `npm run lint`.
 */
const layers = {
  platform: [],
  mail: ["platform"],
  auth: ["platform", "mail"],
  mfa: ["platform", "mail", "auth"],
  music: ["platform", "auth"],
  openapi: ["platform", "auth", "music", "mail", "mfa"],
  frontend: ["platform", "auth", "music", "mfa"],
};

const layerZones = Object.entries(layers).map(([layer, allowed]) => ({
  target: `./lib/${layer}`,
  from: "./lib",
  except: [`./${layer}`, ...allowed.map((name) => `./${name}`)],
  message: `lib/${layer} may import only ${["itself", ...allowed.map((name) => `lib/${name}`)].join(", ")}.`,
}));

const zones = [
  ...layerZones,
  {
    target: "./lib",
    from: ["./pages", "./components", "./scripts", "./bench", "./test"],
    message: "lib/ is imported by the app, never the reverse.",
  },
  {
    // Components run in the browser: the frontend layer and the (zod-only) schemas, nothing server-side.
    target: "./components",
    from: "./lib",
    except: ["./frontend", "./platform/schemas.ts", "./auth/schemas.ts", "./music/schemas.ts", "./mail/schemas.ts", "./mfa/schemas.ts"],
    message: "Components import lib/frontend and the layers' schemas.ts only.",
  },
];

const config = [
  ...nextVitals,
  ...nextTypescript,
  { ignores: ["**/.next/**", ".data/**", "lib/platform/generated/**", "next-env.d.ts", "bench/out/**"] },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "import/no-restricted-paths": ["error", { zones }],
    },
  },
  {
    // Configuration is read and validated once, by lib/platform/env.ts.
    files: ["lib/**", "pages/**", "components/**", "proxy.ts"],
    ignores: ["lib/platform/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through getEnv() from lib/platform/env.ts.",
        },
      ],
    },
  },
];

export default config;
