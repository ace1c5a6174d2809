import { clearSessionCookie } from "@/lib/auth/cookies";
import { revokeOwnSession } from "@/lib/auth/sessions";
import { authedRoute } from "@/lib/auth/validate-route";
import { sendNoContent } from "@/lib/platform/http";

// Next's own parser would answer a malformed body in its own shape, even on routes that read none.
export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (_req, res, { user, session }) => {
    await revokeOwnSession(user.id, session.id);
    clearSessionCookie(res);
    sendNoContent(res);
  },
});
