import { clearSecondFactorFailures, limitSecondFactor } from "@/lib/auth/rate-limit";
import { logSecurityEvent } from "@/lib/auth/security-log";
import { authedRoute } from "@/lib/auth/validate-route";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { confirmTotpSchema } from "@/lib/mfa/schemas";
import { confirmTotpSetup } from "@/lib/mfa/totp";
import { HttpError } from "@/lib/platform/errors";
import { parseBody, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (req, res, { user }) => {
    const { code } = await parseBody(req, confirmTotpSchema);
    await limitSecondFactor(req, user.id);
    const result = await confirmTotpSetup(user, code);
    if (result === "nothing_pending") throw new HttpError(409, "conflict", "Start setting up an authenticator app first.");
    // Signed in, a wrong code is a field to correct, not a sign-out (like a wrong password here).
    if (result === "wrong_code") throw HttpError.validation({ code: "That code is not right. Check the app and your device's clock." });
    await clearSecondFactorFailures(user.id);
    logSecurityEvent(req, "totp_enabled", { userId: user.id });
    deliverAfterResponse(res);
    sendJson(res, 200, result);
  },
});
