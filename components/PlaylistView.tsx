import Link from "next/link";
import { useMemo, useState } from "react";
import { describeError } from "@/lib/frontend/fetcher";
import { usePlaylist, type Song } from "@/lib/frontend/hooks";
import { addSong, removeSong } from "@/lib/frontend/mutations";
import styles from "../styles/Playlist.module.css";
import { Alert } from "./Alert";
import { LoadError } from "./LoadError";
import { PlaylistHeader } from "./PlaylistHeader";
import { SongSearch } from "./SongSearch";
import { SongTable } from "./SongTable";

function NotFound() {
  return (
    <div className={styles.notFound}>
      <h1>Playlist not found</h1>
      <p>It may have been deleted, or the link is wrong.</p>
      <Link href="/">Back to your playlists</Link>
    </div>
  );
}

export function PlaylistView({ id }: { id: string }) {
  const { data: playlist, error, mutate } = usePlaylist(id);
  const [failure, setFailure] = useState<string | null>(null);
  const inPlaylist = useMemo(() => new Set(playlist?.songs.map((song) => song.id)), [playlist]);

  if (error?.status === 404) return <NotFound />;
  if (error && !playlist) return <LoadError error={error} retry={() => void mutate()} what="this playlist" />;
  if (!playlist) return <p aria-busy="true">Loading playlist…</p>;

  // The cache has already rolled back; say what did not happen.
  const run = (action: Promise<void>, what: string) => {
    setFailure(null);
    action.catch((thrown: unknown) => setFailure(`${what} failed. ${describeError(thrown)}`));
  };
  const onAdd = (song: Song) => run(addSong(id, song), `Adding “${song.title}”`);
  const onRemove = (songId: string) => run(removeSong(id, songId), "Removing the song");

  return (
    <>
      <PlaylistHeader playlist={playlist} />
      <Alert>{failure}</Alert>
      <SongTable playlist={playlist} onRemove={onRemove} />
      <SongSearch inPlaylist={inPlaylist} onAdd={onAdd} />
    </>
  );
}
