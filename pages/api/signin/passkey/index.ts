import { assertVerified, startWebSession } from "@/lib/auth/credentials";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { limitAnonymousSignIn } from "@/lib/auth/rate-limit";
import { toUserJson } from "@/lib/auth/serialize";
import { findPublicUser } from "@/lib/auth/users";
import { signInWithPasskey } from "@/lib/mfa/passkeys";
import { passkeySignInSchema } from "@/lib/mfa/schemas";
import { getEnv } from "@/lib/platform/env";
import { HttpError } from "@/lib/platform/errors";
import { parseBody, route, sendJson } from "@/lib/platform/http";
import { setRateLimitHeaders } from "@/lib/platform/rate-limit-headers";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const { response } = await parseBody(req, passkeySignInSchema);
    setRateLimitHeaders(res, [await limitAnonymousSignIn(req)]);
    const userId = await signInWithPasskey(req, response);
    const user = userId && (await findPublicUser(userId));
    if (!user) throw new HttpError(401, "invalid_credentials", "That passkey is not registered here, or could not be verified.");
    if (getEnv().REQUIRE_VERIFIED_EMAIL) assertVerified(user);
    // A passkey with its user verification is both factors: no second step.
    await startWebSession(req, res, user.id, "passkey");
    sendJson(res, 200, { user: toUserJson(user) });
  },
});
