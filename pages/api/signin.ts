import { signInSchema } from "../../lib/schemas";
import { getClientIp } from "../../lib/server/client-ip";
import { checkCredentials, startWebSession } from "../../lib/server/credentials";
import { assertSameOrigin } from "../../lib/server/csrf";
import { HttpError } from "../../lib/server/errors";
import { parseBody, route, sendJson } from "../../lib/server/http";
import { clearSignInFailures, limitSignIn } from "../../lib/server/rate-limit";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const { email, password } = await parseBody(req, signInSchema);
    await limitSignIn(getClientIp(req), email);
    const user = await checkCredentials(email, password);
    if (!user) throw new HttpError(401, "invalid_credentials", "The email or password is incorrect.");
    await clearSignInFailures(email);
    await startWebSession(res, user.id);
    sendJson(res, 200, { user });
  },
});
