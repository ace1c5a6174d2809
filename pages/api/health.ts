import { checkDatabase } from "@/lib/platform/health";
import { route, sendJson } from "@/lib/platform/http";

// Next's own parser would answer a malformed body in its own shape, even on routes that read none.
export const config = { api: { bodyParser: false } };

export default route({
  GET: async (_req, res) => {
    await checkDatabase();
    sendJson(res, 200, { status: "ok" });
  },
});
