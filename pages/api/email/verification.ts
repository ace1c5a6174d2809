import { resendVerification } from "@/lib/auth/email-address";
import { limitMailRequest } from "@/lib/auth/rate-limit";
import { authedRoute } from "@/lib/auth/validate-route";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { sendJson } from "@/lib/platform/http";
import { setRateLimitHeaders } from "@/lib/platform/rate-limit-headers";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (req, res, { user }) => {
    setRateLimitHeaders(res, await limitMailRequest(req, user.email));
    await resendVerification(user.id);
    deliverAfterResponse(res);
    sendJson(res, 202, {});
  },
});
