import { signUpSchema } from "../../lib/schemas";
import { startWebSession } from "../../lib/server/credentials";
import { assertSameOrigin } from "../../lib/server/csrf";
import { parseBody, route, sendJson } from "../../lib/server/http";
import { createUser } from "../../lib/server/users";

export const config = { api: { bodyParser: false } };

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    const input = await parseBody(req, signUpSchema);
    const user = await createUser(input);
    await startWebSession(res, user.id);
    sendJson(res, 201, { user });
  },
});
