import { validateRoute } from "../../lib/server/auth";
import { clearSessionCookie } from "../../lib/server/cookies";
import { route, sendNoContent } from "../../lib/server/http";
import { revokeSession } from "../../lib/server/session";

// Next's own parser would answer a malformed body in its own shape, even on routes that read none.
export const config = { api: { bodyParser: false } };

export default route({
  POST: validateRoute(async (_req, res, { user, session }) => {
    await revokeSession(session.id, user.id);
    clearSessionCookie(res);
    sendNoContent(res);
  }),
});
