import { idParamsSchema, playlistInputSchema } from "../../../../lib/schemas";
import { authedRoute, parseParams } from "../../../../lib/server/api";
import { parseBody, sendJson, sendNoContent } from "../../../../lib/server/http";
import { deletePlaylist, getPlaylist, renamePlaylist } from "../../../../lib/server/playlists";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (req, res, { user }) => {
    const { id } = parseParams(req, idParamsSchema);
    sendJson(res, 200, { playlist: await getPlaylist(user.id, id) });
  },
  PATCH: async (req, res, { user }) => {
    const { id } = parseParams(req, idParamsSchema);
    const { name } = await parseBody(req, playlistInputSchema);
    sendJson(res, 200, { playlist: await renamePlaylist(user.id, id, name) });
  },
  DELETE: async (req, res, { user }) => {
    await deletePlaylist(user.id, parseParams(req, idParamsSchema).id);
    sendNoContent(res);
  },
});
