import { authedRoute } from "@/lib/auth/validate-route";
import { listArtists } from "@/lib/music/catalogue";
import { sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (_req, res) => sendJson(res, 200, { artists: await listArtists() }),
});
