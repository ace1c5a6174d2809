import { assertSameOrigin } from "@/lib/auth/csrf";
import { limitPasskeyOptions } from "@/lib/auth/rate-limit";
import { authenticationOptions } from "@/lib/mfa/passkeys";
import { route, sendJson } from "@/lib/platform/http";
import { setRateLimitHeaders } from "@/lib/platform/rate-limit-headers";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    setRateLimitHeaders(res, [await limitPasskeyOptions(req)]);
    sendJson(res, 200, await authenticationOptions());
  },
});
