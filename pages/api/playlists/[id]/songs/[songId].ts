import { playlistSongParamsSchema } from "../../../../../lib/schemas";
import { authedRoute, parseParams } from "../../../../../lib/server/api";
import { sendNoContent } from "../../../../../lib/server/http";
import { addSongToPlaylist, removeSongFromPlaylist } from "../../../../../lib/server/playlists";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  PUT: async (req, res, { user }) => {
    const { id, songId } = parseParams(req, playlistSongParamsSchema);
    await addSongToPlaylist(user.id, id, songId);
    sendNoContent(res);
  },
  DELETE: async (req, res, { user }) => {
    const { id, songId } = parseParams(req, playlistSongParamsSchema);
    await removeSongFromPlaylist(user.id, id, songId);
    sendNoContent(res);
  },
});
