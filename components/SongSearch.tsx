import { useEffect, useId, useState } from "react";
import { describeError } from "@/lib/frontend/fetcher";
import { useSongs, type Song } from "@/lib/frontend/hooks";
import formStyles from "../styles/Form.module.css";
import styles from "../styles/Playlist.module.css";
import { Button } from "./Button";
import { formatDuration } from "./format";

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

interface SongSearchProps {
  inPlaylist: Set<string>;
  onAdd: (song: Song) => void;
}

function SearchStatus({ query, count, loading, error }: { query: string; count: number; loading: boolean; error: unknown }) {
  let text = "";
  if (error) text = `Search failed. ${describeError(error)}`;
  else if (query && loading && count === 0) text = "Searching…";
  else if (query && count === 0) text = `No songs match “${query}”.`;
  else if (query) text = `${count} song${count === 1 ? "" : "s"} found.`;
  return (
    <p role="status" className={error ? formStyles.fieldError : styles.muted}>
      {text}
    </p>
  );
}

export function SongSearch({ inPlaylist, onAdd }: SongSearchProps) {
  const id = useId();
  const [input, setInput] = useState("");
  const query = useDebounced(input.trim(), 250);
  const { songs, hasMore, loadMore, isLoading, error } = useSongs(query);
  return (
    <section aria-labelledby={`${id}-heading`} className={styles.search}>
      <h2 id={`${id}-heading`}>Add songs</h2>
      <form role="search" onSubmit={(event) => event.preventDefault()} className={formStyles.field}>
        <label htmlFor={`${id}-q`} className={formStyles.label}>
          Search the catalogue
        </label>
        <input
          id={`${id}-q`}
          type="search"
          className={formStyles.input}
          value={input}
          onChange={(event) => setInput(event.target.value)}
          placeholder="Song title or artist"
          autoComplete="off"
          maxLength={100}
        />
      </form>
      <SearchStatus query={query} count={songs.length} loading={isLoading} error={error} />
      {songs.length > 0 && (
        <ul className={styles.results}>
          {songs.map((song) => {
            const added = inPlaylist.has(song.id);
            return (
              <li key={song.id} className={styles.result}>
                <span className={styles.resultText}>
                  <span className={styles.songTitle}>{song.title}</span>
                  <span className={styles.muted}>
                    {song.artist.name} · {formatDuration(song.durationSec)}
                  </span>
                </span>
                <Button
                  variant={added ? "ghost" : "secondary"}
                  size="small"
                  disabled={added}
                  className={added ? styles.added : undefined}
                  onClick={() => onAdd(song)}
                  aria-label={`${added ? "Added" : "Add"} ${song.title} by ${song.artist.name}`}
                >
                  {added ? "Added" : "Add"}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {hasMore && (
        <Button variant="secondary" onClick={() => void loadMore()} disabled={isLoading}>
          Show more results
        </Button>
      )}
    </section>
  );
}
