import { songsQuerySchema } from "../../lib/schemas";
import { authedRoute, parseParams } from "../../lib/server/api";
import { searchSongs } from "../../lib/server/catalogue";
import { sendJson } from "../../lib/server/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (req, res) => sendJson(res, 200, await searchSongs(parseParams(req, songsQuerySchema))),
});
