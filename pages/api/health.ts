import { getDb } from "../../lib/server/db";
import { route, sendJson } from "../../lib/server/http";

// Next's own parser would answer a malformed body in its own shape, even on routes that read none.
export const config = { api: { bodyParser: false } };

export default route({
  GET: async (_req, res) => {
    await getDb().$queryRaw`SELECT 1`;
    sendJson(res, 200, { status: "ok" });
  },
});
