const isProduction = process.env.NODE_ENV === "production";

/**
 * Content-Security-Policy. The Pages Router's production HTML has no executable
 * inline script (only external /_next chunks and the JSON __NEXT_DATA__ block,
 * which CSP does not treat as script), so script-src is plain 'self': no
 * nonces (they would force every page to render per request) and no
 * 'unsafe-inline'. `next dev` needs 'unsafe-eval' for React Refresh and inline
 * scripts for its overlay, so those are allowed there only. style-src keeps
 * 'unsafe-inline' because Next's built-in error pages use inline styles; CSS
 * cannot run script, so the risk is small.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self'${isProduction ? "" : " 'unsafe-eval' 'unsafe-inline'"}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${isProduction ? "" : " ws: wss:"}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  // Browsers ignore HSTS over plain http, and dev runs on http://localhost.
  ...(isProduction ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded from node_modules at run time: native bcrypt, PGlite's WASM and data files.
  serverExternalPackages: ["bcrypt", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "@prisma/adapter-pg"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
