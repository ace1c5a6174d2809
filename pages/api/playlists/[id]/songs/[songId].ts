import { authedRoute, openTo } from "@/lib/auth/validate-route";
import { addSongToPlaylist, removeSongFromPlaylist } from "@/lib/music/playlists";
import { playlistSongParamsSchema } from "@/lib/music/schemas";
import { parseParams, sendNoContent } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  PUT: openTo("write", async (req, res, { user }) => {
    const { id, songId } = parseParams(req, playlistSongParamsSchema);
    await addSongToPlaylist(user.id, id, songId);
    sendNoContent(res);
  }),
  DELETE: openTo("write", async (req, res, { user }) => {
    const { id, songId } = parseParams(req, playlistSongParamsSchema);
    await removeSongFromPlaylist(user.id, id, songId);
    sendNoContent(res);
  }),
});
