import { validateRoute } from "../../lib/server/auth";
import { clearSessionCookie } from "../../lib/server/cookies";
import { route, sendNoContent } from "../../lib/server/http";
import { revokeSession } from "../../lib/server/session";

export default route({
  POST: validateRoute(async (_req, res, { user, session }) => {
    await revokeSession(session.id, user.id);
    clearSessionCookie(res);
    sendNoContent(res);
  }),
});
