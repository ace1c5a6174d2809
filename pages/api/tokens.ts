import { createTokenSchema } from "@/lib/auth/schemas";
import { createApiToken } from "@/lib/auth/tokens";
import { authedRoute } from "@/lib/auth/validate-route";
import { parseBody, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (req, res, { user, session }) => {
    const input = await parseBody(req, createTokenSchema);
    sendJson(res, 201, await createApiToken(req, { userId: user.id, session }, input));
  },
});
