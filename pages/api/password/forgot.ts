import { assertSameOrigin } from "@/lib/auth/csrf";
import { limitMailRequest } from "@/lib/auth/rate-limit";
import { requestPasswordReset } from "@/lib/auth/recovery";
import { forgotPasswordSchema } from "@/lib/auth/schemas";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { parseBody, route, sendJson } from "@/lib/platform/http";
import { setRateLimitHeaders } from "@/lib/platform/rate-limit-headers";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const { email } = await parseBody(req, forgotPasswordSchema);
    setRateLimitHeaders(res, await limitMailRequest(req, email));
    await requestPasswordReset(email);
    deliverAfterResponse(res);
    sendJson(res, 202, {});
  },
});
