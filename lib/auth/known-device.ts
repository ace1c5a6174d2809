import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { deriveKey, sameSecret } from "@/lib/platform/secrets";
import { readDeviceCookie, setDeviceCookie } from "./cookies";
import { DAY_MS } from "./session";

const DEVICE_COOKIE_DAYS = 180;

function mac(userId: string, deviceId: string): string {
  return createHmac("sha256", deriveKey("known device cookies v1")).update(`${userId}.${deviceId}`).digest("base64url");
}

/**
 * Marks this browser as one its owner has signed in from (OWASP's device
 * cookie): its sign-ins then count against a budget of its own, so a stranger
 * who locks the account out does not lock the owner out with it.
 */
export function rememberDevice(req: IncomingMessage, res: ServerResponse, userId: string): void {
  const deviceId = knownDeviceOf(req, userId) ?? randomBytes(16).toString("base64url");
  setDeviceCookie(res, `${userId}.${deviceId}.${mac(userId, deviceId)}`, new Date(Date.now() + DEVICE_COOKIE_DAYS * DAY_MS));
}

/** The id of this browser when its cookie says, intact, that this user signed in from it; otherwise null. */
export function knownDeviceOf(req: IncomingMessage, userId: string): string | null {
  const [owner, deviceId, signature, ...rest] = (readDeviceCookie(req) ?? "").split(".");
  if (rest.length > 0 || owner !== userId || !deviceId || !signature) return null;
  return sameSecret(signature, mac(userId, deviceId)) ? deviceId : null;
}
