import { authedRoute } from "../../lib/server/api";
import { listArtists } from "../../lib/server/catalogue";
import { sendJson } from "../../lib/server/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (_req, res) => sendJson(res, 200, { artists: await listArtists() }),
});
