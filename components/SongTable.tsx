import type { Playlist } from "@/lib/frontend/hooks";
import styles from "../styles/Playlist.module.css";
import { Button } from "./Button";
import { formatDuration } from "./format";

export function SongTable({ playlist, onRemove }: { playlist: Playlist; onRemove: (songId: string) => void }) {
  if (playlist.songs.length === 0) {
    return <p className={styles.empty}>This playlist is empty. Search the catalogue below to add songs.</p>;
  }
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption className="visually-hidden">Songs in {playlist.name}</caption>
        <thead>
          <tr>
            <th scope="col" className={styles.num}>
              #
            </th>
            <th scope="col">Title</th>
            <th scope="col" className={styles.artistCol}>
              Artist
            </th>
            <th scope="col" className={styles.time}>
              Time
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {playlist.songs.map((song, index) => (
            <tr key={song.id}>
              <td className={styles.num}>{index + 1}</td>
              <td>
                <span className={styles.songTitle}>{song.title}</span>
                <span className={styles.artistInline}>{song.artist.name}</span>
              </td>
              <td className={styles.artistCol}>{song.artist.name}</td>
              <td className={styles.time}>{formatDuration(song.durationSec)}</td>
              <td className={styles.rowActions}>
                <Button variant="ghost" size="small" onClick={() => onRemove(song.id)} aria-label={`Remove ${song.title} by ${song.artist.name}`}>
                  Remove
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
