/**
 * Content-Security-Policy, decided when the config loads: by Next's phase, not
 * NODE_ENV (a build started from a test runner has NODE_ENV=test).
 *
 * script-src: a Pages Router build has one kind of inline script, Turbopack's
 * chunk-registration bootstrap (the same bytes for every request of a build;
 * __NEXT_DATA__ is JSON, which CSP does not run). It can only be allowed by a
 * hash (unknown until the build has written the HTML, after headers() ran), a
 * per-request nonce (middleware plus a custom _document, and every page then
 * rendered per request, losing static optimisation and CDN caching), or
 * 'unsafe-inline'. We choose 'unsafe-inline' for script-src because the app
 * renders no user-supplied HTML (React escapes everything, no
 * dangerouslySetInnerHTML) and test/headers.test.ts fails if any other inline
 * script appears; the policy still forbids eval, scripts from other origins,
 * plugins, framing, <base> hijacking and form posts elsewhere. `next dev` also
 * needs 'unsafe-eval' (React Refresh) and a websocket for HMR, there only.
 * style-src allows inline styles, which Next's built-in error pages use.
 */
function contentSecurityPolicy(isDev) {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${isDev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function securityHeaders(isDev) {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(isDev) },
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
const NEVER_LOADED_IN_PRODUCTION = [
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
    async headers() {
      return [
        { source: "/:path*", headers: securityHeaders(isDev) },
        // These pages hold a mailed link's token: no Referer may carry even their path elsewhere.
        { source: "/(reset-password|verify-email)", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
      ];
    },
  };
}
