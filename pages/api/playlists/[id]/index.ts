import { authedRoute, openTo } from "@/lib/auth/validate-route";
import { deletePlaylist, getPlaylist, renamePlaylist } from "@/lib/music/playlists";
import { playlistInputSchema } from "@/lib/music/schemas";
import { parseParams, parseBody, sendJson, sendNoContent } from "@/lib/platform/http";
import { idParamsSchema } from "@/lib/platform/schemas";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (req, res, { user }) => {
    const { id } = parseParams(req, idParamsSchema);
    sendJson(res, 200, { playlist: await getPlaylist(user.id, id) });
  },
  PATCH: openTo("write", async (req, res, { user }) => {
    const { id } = parseParams(req, idParamsSchema);
    const { name } = await parseBody(req, playlistInputSchema);
    sendJson(res, 200, { playlist: await renamePlaylist(user.id, id, name) });
  }),
  DELETE: openTo("write", async (req, res, { user }) => {
    await deletePlaylist(user.id, parseParams(req, idParamsSchema).id);
    sendNoContent(res);
  }),
});
