/**
 * Sections of bench/RESULTS.md that another script writes (`npm run bench:vercel`):
 * `npm run bench` regenerates the file and carries them over as they are.
 */
export const VERCEL_SECTION = { start: "<!-- bench:vercel -->", end: "<!-- /bench:vercel -->" };

/** The Vercel section of a RESULTS.md text, markers included, or "" when it has none. */
export function vercelSection(text: string): string {
  const start = text.indexOf(VERCEL_SECTION.start);
  const end = text.indexOf(VERCEL_SECTION.end, start);
  return start >= 0 && end > start ? text.slice(start, end + VERCEL_SECTION.end.length) : "";
}

/** text with its Vercel section replaced by section (or section appended). */
export function withVercelSection(text: string, section: string): string {
  const current = vercelSection(text);
  return current ? text.replace(current, () => section) : `${text.trimEnd()}\n\n${section}\n`;
}
