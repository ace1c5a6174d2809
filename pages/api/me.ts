import { validateRoute } from "../../lib/server/auth";
import { route, sendJson } from "../../lib/server/http";

export default route({
  GET: validateRoute(async (_req, res, { user }) => sendJson(res, 200, { user })),
});
