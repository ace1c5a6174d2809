import { useArtists } from "@/lib/frontend/hooks";
import styles from "../styles/Home.module.css";
import { LoadError } from "./LoadError";

const SHOWN = 8;

export function ArtistList() {
  const { data: artists, error, mutate } = useArtists();
  if (error) return <LoadError error={error} retry={() => void mutate()} what="the artists" />;
  if (!artists) return <p className={styles.muted} aria-busy="true">Loading artists…</p>;
  return (
    <ul className={styles.artists}>
      {artists.slice(0, SHOWN).map((artist) => (
        <li key={artist.id} className={styles.artist}>
          {artist.name}
        </li>
      ))}
    </ul>
  );
}
