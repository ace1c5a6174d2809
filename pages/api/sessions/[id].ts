import { clearSessionCookie } from "@/lib/auth/cookies";
import { revokeOwnSession } from "@/lib/auth/sessions";
import { authedRoute, openTo, requireWebSession } from "@/lib/auth/validate-route";
import { HttpError } from "@/lib/platform/errors";
import { parseParams, sendNoContent } from "@/lib/platform/http";
import { idParamsSchema } from "@/lib/platform/schemas";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  // A token may revoke itself; revoking any other session is a sensitive operation.
  DELETE: openTo("read", async (req, res, auth) => {
    const { user, session } = auth;
    const { id } = parseParams(req, idParamsSchema);
    if (id !== session.id) requireWebSession(auth);
    if (!(await revokeOwnSession(req, user.id, id))) throw HttpError.notFound("That session");
    // Revoking the session in use is signing out: the cookie goes with it.
    if (id === session.id) clearSessionCookie(res);
    sendNoContent(res);
  }),
});
