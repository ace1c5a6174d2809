import { signUpQuietly, signUpWithSession } from "@/lib/auth/credentials";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { limitSignUp } from "@/lib/auth/rate-limit";
import { signUpSchema } from "@/lib/auth/schemas";
import { toUserJson } from "@/lib/auth/serialize";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { getEnv } from "@/lib/platform/env";
import { parseBody, route, sendJson } from "@/lib/platform/http";
import { setRateLimitHeaders } from "@/lib/platform/rate-limit-headers";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const input = await parseBody(req, signUpSchema);
    setRateLimitHeaders(res, await limitSignUp(req, input.email));
    deliverAfterResponse(res);
    if (getEnv().REQUIRE_VERIFIED_EMAIL) {
      await signUpQuietly(input);
      sendJson(res, 202, {});
      return;
    }
    const user = await signUpWithSession(req, res, input);
    sendJson(res, 201, { user: toUserJson(user) });
  },
});
