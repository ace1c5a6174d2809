import { requestEmailChange } from "@/lib/auth/email-address";
import { changeEmailSchema } from "@/lib/auth/schemas";
import { authedRoute } from "@/lib/auth/validate-route";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { parseBody, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (req, res, { user, session }) => {
    const { email, password } = await parseBody(req, changeEmailSchema);
    await requestEmailChange(req, { owner: user, sessionId: session.id }, { password, newEmail: email });
    deliverAfterResponse(res);
    sendJson(res, 202, {});
  },
});
