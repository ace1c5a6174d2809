import { playlistSongParamsSchema } from "@/lib/music/schemas";
import { authedRoute } from "@/lib/auth/validate-route";
import { parseParams } from "@/lib/platform/http";
import { sendNoContent } from "@/lib/platform/http";
import { addSongToPlaylist, removeSongFromPlaylist } from "@/lib/music/playlists";

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
