import { authedRoute } from "@/lib/auth/validate-route";
import { searchSongs } from "@/lib/music/catalogue";
import { songsQuerySchema } from "@/lib/music/schemas";
import { parseParams, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (req, res) => sendJson(res, 200, await searchSongs(parseParams(req, songsQuerySchema))),
});
