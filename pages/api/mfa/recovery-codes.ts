import { assertPassword } from "@/lib/auth/account";
import { logSecurityEvent } from "@/lib/auth/security-log";
import { authedRoute } from "@/lib/auth/validate-route";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { passwordOnlySchema } from "@/lib/mfa/schemas";
import { regenerateRecoveryCodes } from "@/lib/mfa/totp";
import { HttpError } from "@/lib/platform/errors";
import { parseBody, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (req, res, { user, session }) => {
    const { password } = await parseBody(req, passwordOnlySchema);
    await assertPassword(req, { owner: user, sessionId: session.id }, password, "password");
    const recoveryCodes = await regenerateRecoveryCodes(user);
    if (!recoveryCodes) throw new HttpError(409, "conflict", "Recovery codes belong to an authenticator app: set one up first.");
    logSecurityEvent(req, "recovery_codes_regenerated", { userId: user.id });
    deliverAfterResponse(res);
    sendJson(res, 200, { recoveryCodes });
  },
});
