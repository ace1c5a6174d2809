import { authedRoute } from "../../../lib/server/api";
import { sendJson, sendNoContent } from "../../../lib/server/http";
import { listSessions, revokeOtherSessions } from "../../../lib/server/sessions";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (_req, res, { user, session }) => sendJson(res, 200, { sessions: await listSessions(user.id, session.id) }),
  DELETE: async (_req, res, { user, session }) => {
    await revokeOtherSessions(user.id, session.id);
    sendNoContent(res);
  },
});
