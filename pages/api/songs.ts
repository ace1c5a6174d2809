import { songsQuerySchema } from "@/lib/music/schemas";
import { authedRoute } from "@/lib/auth/validate-route";
import { parseParams } from "@/lib/platform/http";
import { searchSongs } from "@/lib/music/catalogue";
import { sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (req, res) => sendJson(res, 200, await searchSongs(parseParams(req, songsQuerySchema))),
});
