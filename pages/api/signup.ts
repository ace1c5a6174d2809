import { signUpSchema } from "../../lib/schemas";
import { getClientIp } from "../../lib/server/client-ip";
import { signUpWithSession } from "../../lib/server/credentials";
import { assertSameOrigin } from "../../lib/server/csrf";
import { parseBody, route, sendJson } from "../../lib/server/http";
import { limitSignUp } from "../../lib/server/rate-limit";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const input = await parseBody(req, signUpSchema);
    await limitSignUp(getClientIp(req));
    const user = await signUpWithSession(res, input);
    sendJson(res, 201, { user });
  },
});
