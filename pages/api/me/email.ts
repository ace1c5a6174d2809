import { requestEmailChange } from "@/lib/auth/email-address";
import { changeEmailSchema } from "@/lib/auth/schemas";
import { authedRoute, requireWebSession } from "@/lib/auth/validate-route";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { parseBody, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (req, res, auth) => {
    requireWebSession(auth);
    const { email, password } = await parseBody(req, changeEmailSchema);
    await requestEmailChange(req, auth.user, { password, newEmail: email });
    deliverAfterResponse(res);
    sendJson(res, 202, {});
  },
});
