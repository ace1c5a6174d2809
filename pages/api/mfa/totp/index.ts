import { assertPassword } from "@/lib/auth/account";
import { logSecurityEvent } from "@/lib/auth/security-log";
import { authedRoute } from "@/lib/auth/validate-route";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { passwordOnlySchema } from "@/lib/mfa/schemas";
import { beginTotpSetup, disableTotp } from "@/lib/mfa/totp";
import { HttpError } from "@/lib/platform/errors";
import { parseBody, sendJson, sendNoContent } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (req, res, { user, session }) => {
    const { password } = await parseBody(req, passwordOnlySchema);
    await assertPassword(req, { owner: user, sessionId: session.id }, password, "password");
    const setup = await beginTotpSetup(user);
    if (!setup) throw new HttpError(409, "conflict", "An authenticator app is already set up; turn it off first to set up another.");
    sendJson(res, 200, setup);
  },
  DELETE: async (req, res, { user, session }) => {
    const { password } = await parseBody(req, passwordOnlySchema);
    await assertPassword(req, { owner: user, sessionId: session.id }, password, "password");
    if (await disableTotp(user)) logSecurityEvent(req, "totp_disabled", { userId: user.id });
    deliverAfterResponse(res);
    sendNoContent(res);
  },
});
