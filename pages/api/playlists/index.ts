import { authedRoute, openTo } from "@/lib/auth/validate-route";
import { createPlaylist, listPlaylists } from "@/lib/music/playlists";
import { playlistInputSchema } from "@/lib/music/schemas";
import { parseBody, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (_req, res, { user }) => sendJson(res, 200, { playlists: await listPlaylists(user.id) }),
  POST: openTo("write", async (req, res, { user }) => {
    const { name } = await parseBody(req, playlistInputSchema);
    sendJson(res, 201, { playlist: await createPlaylist(user.id, name) });
  }),
});
