import type { IncomingMessage } from "node:http";
import { getClientAddress } from "./client-ip";

/** What a session records of the device that opened it, for its owner to recognise it by. */
export interface Device {
  browser: string | null;
  os: string | null;
  ip: string | null;
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\b(?:OPR|Opera)\//, "Opera"],
  [/\b(?:Firefox|FxiOS)\//, "Firefox"],
  [/\b(?:Chrome|Chromium|CriOS)\//, "Chrome"],
  [/\bVersion\/[\d.]+ .*Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, "Windows"],
  [/\b(?:iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMacintosh\b|\bMac OS X\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

const firstMatch = (agent: string, table: [RegExp, string][]) => table.find(([pattern]) => pattern.test(agent))?.[1] ?? null;

/** A script's agent ("curl/8.5.0", "python-requests/2.32", "node") names itself by its first product token. */
function productName(agent: string): string | null {
  return /^([A-Za-z][\w.-]{0,39})(?:[/\s]|$)/.exec(agent)?.[1] ?? null;
}

/** A coarse reading of the User-Agent (a hint its sender wrote, shown, never trusted) and the client IP. */
export function describeDevice(req: IncomingMessage): Device {
  const agent = (req.headers["user-agent"] ?? "").slice(0, 512);
  const isBrowser = agent.startsWith("Mozilla/");
  return {
    browser: isBrowser ? firstMatch(agent, BROWSERS) : productName(agent),
    os: firstMatch(agent, SYSTEMS),
    ip: getClientAddress(req),
  };
}
