import { getDb } from "@/lib/platform/db";
import { route, sendJson } from "@/lib/platform/http";

// Next's own parser would answer a malformed body in its own shape, even on routes that read none.
export const config = { api: { bodyParser: false } };

export default route({
  GET: async (_req, res) => {
    await getDb().$queryRaw`SELECT 1`;
    sendJson(res, 200, { status: "ok" });
  },
});
