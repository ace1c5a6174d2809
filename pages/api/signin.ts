import { signInWithPassword, startWebSession } from "@/lib/auth/credentials";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { signInSchema } from "@/lib/auth/schemas";
import { parseBody, route, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const { email, password } = await parseBody(req, signInSchema);
    const user = await signInWithPassword(req, email, password);
    await startWebSession(res, user.id);
    sendJson(res, 200, { user });
  },
});
