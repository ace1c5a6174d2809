import { getClientIp } from "@/lib/auth/client-ip";
import { assertVerified, checkCredentials, startWebSession } from "@/lib/auth/credentials";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { clearSignInFailures, limitSignIn } from "@/lib/auth/rate-limit";
import { signInSchema } from "@/lib/auth/schemas";
import { toUserJson } from "@/lib/auth/serialize";
import { getEnv } from "@/lib/platform/env";
import { HttpError } from "@/lib/platform/errors";
import { parseBody, route, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const { email, password } = await parseBody(req, signInSchema);
    await limitSignIn(getClientIp(req), email);
    const user = await checkCredentials(email, password);
    if (!user) throw new HttpError(401, "invalid_credentials", "The email or password is incorrect.");
    await clearSignInFailures(email);
    if (getEnv().REQUIRE_VERIFIED_EMAIL) assertVerified(user);
    await startWebSession(res, user.id);
    sendJson(res, 200, { user: toUserJson(user) });
  },
});
