import { assertSameOrigin } from "@/lib/auth/csrf";
import { resetPassword } from "@/lib/auth/recovery";
import { resetPasswordSchema } from "@/lib/auth/schemas";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { parseBody, route, sendNoContent } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const { token, password } = await parseBody(req, resetPasswordSchema);
    await resetPassword(token, password);
    deliverAfterResponse(res);
    sendNoContent(res);
  },
});
