import { signUpWithSession } from "@/lib/auth/credentials";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { limitSignUp } from "@/lib/auth/rate-limit";
import { signUpSchema } from "@/lib/auth/schemas";
import { parseBody, route, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const input = await parseBody(req, signUpSchema);
    await limitSignUp(req, input.email);
    const user = await signUpWithSession(res, input);
    sendJson(res, 201, { user });
  },
});
