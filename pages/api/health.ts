import { getDb } from "../../lib/server/db";
import { route, sendJson } from "../../lib/server/http";

export default route({
  GET: async (_req, res) => {
    await getDb().$queryRaw`SELECT 1`;
    sendJson(res, 200, { status: "ok" });
  },
});
