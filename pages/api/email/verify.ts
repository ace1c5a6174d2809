import { assertSameOrigin } from "@/lib/auth/csrf";
import { verifyEmailToken } from "@/lib/auth/email-address";
import { verifyEmailSchema } from "@/lib/auth/schemas";
import { toUserJson } from "@/lib/auth/serialize";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { parseBody, route, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const { token } = await parseBody(req, verifyEmailSchema);
    const user = await verifyEmailToken(token);
    deliverAfterResponse(res);
    sendJson(res, 200, { user: toUserJson(user) });
  },
});
