import { assertSameOrigin } from "@/lib/auth/csrf";
import { toUserJson } from "@/lib/auth/serialize";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { signInSecondFactorSchema } from "@/lib/mfa/schemas";
import { completeSecondFactor } from "@/lib/mfa/second-factor";
import { parseBody, route, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const input = await parseBody(req, signInSecondFactorSchema);
    const user = await completeSecondFactor(req, res, input);
    deliverAfterResponse(res);
    sendJson(res, 200, { user: toUserJson(user) });
  },
});
