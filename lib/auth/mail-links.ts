import { getEnv } from "@/lib/platform/env";
import { HttpError } from "@/lib/platform/errors";

/**
 * A link to one of the app's pages with the token in the fragment: browsers
 * never send a fragment to a server, so it stays out of access logs, proxies
 * and Referer headers; the page reads it and drops it from the address bar.
 */
export function tokenLink(page: string, token: string): string {
  return `${getEnv().APP_URL}${page}#token=${token}`;
}

export function appLink(page: string): string {
  return `${getEnv().APP_URL}${page}`;
}

export function invalidToken(): HttpError {
  return new HttpError(400, "invalid_token", "This link is not valid: it was used, replaced or has expired. Ask for a new one.");
}
