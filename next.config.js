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

/** @type {(phase: string) => import('next').NextConfig} */
export default function nextConfig(phase) {
  const isDev = phase === "phase-development-server";
  return {
    reactStrictMode: true,
    poweredByHeader: false,
    // Loaded from node_modules at run time: native bcrypt, PGlite's WASM and data files.
    serverExternalPackages: ["bcrypt", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "@prisma/adapter-pg"],
    async headers() {
      return [
        { source: "/:path*", headers: securityHeaders(isDev) },
        // These pages hold a mailed link's token: no Referer may carry even their path elsewhere.
        { source: "/(reset-password|verify-email)", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
      ];
    },
  };
}
