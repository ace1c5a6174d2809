import { clearSessionCookie } from "@/lib/auth/cookies";
import { revokeOwnSession } from "@/lib/auth/sessions";
import { authedRoute } from "@/lib/auth/validate-route";
import { HttpError } from "@/lib/platform/errors";
import { parseParams, sendNoContent } from "@/lib/platform/http";
import { idParamsSchema } from "@/lib/platform/schemas";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  DELETE: async (req, res, { user, session }) => {
    const { id } = parseParams(req, idParamsSchema);
    if (!(await revokeOwnSession(req, user.id, id))) throw HttpError.notFound("That session");
    // Revoking the session in use is signing out: the cookie goes with it.
    if (id === session.id) clearSessionCookie(res);
    sendNoContent(res);
  },
});
