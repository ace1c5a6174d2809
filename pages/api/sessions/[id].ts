import { idParamsSchema } from "../../../lib/schemas";
import { authedRoute, parseParams } from "../../../lib/server/api";
import { clearSessionCookie } from "../../../lib/server/cookies";
import { HttpError } from "../../../lib/server/errors";
import { sendNoContent } from "../../../lib/server/http";
import { revokeOwnSession } from "../../../lib/server/sessions";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  DELETE: async (req, res, { user, session }) => {
    const { id } = parseParams(req, idParamsSchema);
    if (!(await revokeOwnSession(user.id, id))) throw HttpError.notFound("That session");
    // Revoking the session in use is signing out: the cookie goes with it.
    if (id === session.id) clearSessionCookie(res);
    sendNoContent(res);
  },
});
