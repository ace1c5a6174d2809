const PROBE_ORIGIN = "http://trax.invalid";

/** `next` only ever names a path on this site; anything else (//evil, https://…, \\…) is dropped. */
export function safeNext(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/") || /[\\\u0000-\u001f]/.test(value)) return null;
  try {
    const url = new URL(value, PROBE_ORIGIN);
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Dot segments can leave "//host" once resolved ("/..//evil"): a browser reads that as another origin.
    if (url.origin !== PROBE_ORIGIN || path.startsWith("//")) return null;
    return path;
  } catch {
    return null;
  }
}
