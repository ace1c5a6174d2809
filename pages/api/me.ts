import { deleteAccount, renameUser } from "@/lib/auth/account";
import { clearSessionCookie } from "@/lib/auth/cookies";
import { deleteMeSchema, updateMeSchema } from "@/lib/auth/schemas";
import { toUserJson } from "@/lib/auth/serialize";
import { authedRoute } from "@/lib/auth/validate-route";
import { parseBody, sendJson, sendNoContent } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (_req, res, { user }) => sendJson(res, 200, { user: toUserJson(user) }),
  PATCH: async (req, res, { user }) => {
    const { name } = await parseBody(req, updateMeSchema);
    sendJson(res, 200, { user: await renameUser(user.id, name) });
  },
  DELETE: async (req, res, { user, session }) => {
    const { password } = await parseBody(req, deleteMeSchema);
    await deleteAccount(req, { owner: user, sessionId: session.id }, password);
    clearSessionCookie(res);
    sendNoContent(res);
  },
});
