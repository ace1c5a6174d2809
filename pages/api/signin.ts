import { assertVerified, signInWithPassword, startWebSession } from "@/lib/auth/credentials";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { signInSchema } from "@/lib/auth/schemas";
import { toUserJson } from "@/lib/auth/serialize";
import { secondFactorMethods } from "@/lib/mfa/second-factor";
import { issueSignInChallenge } from "@/lib/mfa/signin-challenge";
import { getEnv } from "@/lib/platform/env";
import { parseBody, route, sendJson } from "@/lib/platform/http";
import { setRateLimitHeaders } from "@/lib/platform/rate-limit-headers";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const { email, password } = await parseBody(req, signInSchema);
    const { user, quotas } = await signInWithPassword(req, email, password);
    setRateLimitHeaders(res, quotas);
    if (getEnv().REQUIRE_VERIFIED_EMAIL) assertVerified(user);
    const methods = await secondFactorMethods(user.id);
    if (methods.length > 0) {
      // A right password is half of it: no session until the second factor (POST /api/signin/mfa).
      await issueSignInChallenge(res, user.id);
      return sendJson(res, 200, { mfaRequired: true, methods });
    }
    await startWebSession(req, res, user.id);
    sendJson(res, 200, { user: toUserJson(user) });
  },
});
