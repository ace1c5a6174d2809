import { clearSessionCookie } from "@/lib/auth/cookies";
import { signOut } from "@/lib/auth/sessions";
import { authedRoute, openTo } from "@/lib/auth/validate-route";
import { sendNoContent } from "@/lib/platform/http";

// Next's own parser would answer a malformed body in its own shape, even on routes that read none.
export const config = { api: { bodyParser: false } };

export default authedRoute({
  // Any credential may give itself up.
  POST: openTo("read", async (req, res, { user, session }) => {
    await signOut(req, user.id, session.id);
    clearSessionCookie(res);
    sendNoContent(res);
  }),
});
