import { changePassword } from "@/lib/auth/account";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { authedRoute } from "@/lib/auth/validate-route";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { parseBody, sendNoContent } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (req, res, { user, session }) => {
    const { currentPassword, newPassword } = await parseBody(req, changePasswordSchema);
    await changePassword(req, { owner: user, sessionId: session.id }, { current: currentPassword, next: newPassword });
    deliverAfterResponse(res);
    sendNoContent(res);
  },
});
