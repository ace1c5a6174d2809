import { changePasswordSchema } from "../../../lib/schemas";
import { changePassword } from "../../../lib/server/account";
import { authedRoute } from "../../../lib/server/api";
import { parseBody, sendNoContent } from "../../../lib/server/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (req, res, { user, session }) => {
    const { currentPassword, newPassword } = await parseBody(req, changePasswordSchema);
    await changePassword(user, session.id, currentPassword, newPassword);
    sendNoContent(res);
  },
});
