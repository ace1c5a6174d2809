import Link from "next/link";
import { usePlaylists } from "@/lib/frontend/hooks";
import styles from "../styles/Home.module.css";
import { plural } from "./format";
import { LoadError } from "./LoadError";

export function PlaylistList() {
  const { data: playlists, error, mutate, isLoading } = usePlaylists();
  if (error) return <LoadError error={error} retry={() => void mutate()} what="your playlists" />;
  if (isLoading || !playlists) return <p className={styles.muted} aria-busy="true">Loading your playlists…</p>;
  if (playlists.length === 0) return <p className={styles.empty}>No playlists yet. Name your first one above.</p>;
  return (
    <ul className={styles.playlists}>
      {playlists.map((playlist) => (
        <li key={playlist.id}>
          <Link href={`/playlist/${encodeURIComponent(playlist.id)}`} className={styles.playlistCard}>
            <span aria-hidden="true" className={styles.cover}>
              {playlist.name.trim().charAt(0).toUpperCase() || "♪"}
            </span>
            <span className={styles.playlistText}>
              <span className={styles.playlistName}>{playlist.name}</span>
              <span className={styles.muted}>{plural(playlist.songCount, "song")}</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
