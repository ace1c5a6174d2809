import { listSessions, revokeOtherSessions } from "@/lib/auth/sessions";
import { authedRoute } from "@/lib/auth/validate-route";
import { sendJson, sendNoContent } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (_req, res, { user, session }) => sendJson(res, 200, { sessions: await listSessions(user.id, session.id) }),
  DELETE: async (req, res, { user, session }) => {
    await revokeOtherSessions(req, user.id, session.id);
    sendNoContent(res);
  },
});
