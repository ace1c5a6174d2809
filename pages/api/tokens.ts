import { createTokenSchema } from "../../lib/schemas";
import { authedRoute } from "../../lib/server/api";
import { parseBody, sendJson } from "../../lib/server/http";
import { createApiToken } from "../../lib/server/tokens";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (req, res, { user }) => {
    const input = await parseBody(req, createTokenSchema);
    sendJson(res, 201, await createApiToken(user.id, input));
  },
});
