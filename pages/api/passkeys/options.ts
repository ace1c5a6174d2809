import { authedRoute } from "@/lib/auth/validate-route";
import { registrationOptions } from "@/lib/mfa/passkeys";
import { sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  POST: async (_req, res, { user }) => sendJson(res, 200, await registrationOptions(user)),
});
