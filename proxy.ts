import { NextResponse, type NextRequest } from "next/server";
import { createNonce, NONCE_HEADER, pagePolicy } from "@/lib/platform/csp";

/**
 * Pages only (API routes answer for themselves): a fresh script nonce per
 * response, and 405 for any method but GET and HEAD, which a page never
 * handles (a form or a cross-site POST to one is not a server error).
 */
export function proxy(request: NextRequest): NextResponse {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new NextResponse(null, { status: 405, headers: { Allow: "GET, HEAD" } });
  }
  const nonce = createNonce();
  const policy = pagePolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set(NONCE_HEADER, nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.ico).*)"],
};
