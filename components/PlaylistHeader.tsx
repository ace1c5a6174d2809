import Head from "next/head";
import { useRouter } from "next/router";
import { useEffect, useRef, useState } from "react";
import { describeError } from "@/lib/frontend/fetcher";
import type { Playlist } from "@/lib/frontend/hooks";
import { deletePlaylist, renamePlaylist } from "@/lib/frontend/mutations";
import { playlistInputSchema } from "@/lib/music/schemas";
import formStyles from "../styles/Form.module.css";
import styles from "../styles/Playlist.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { plural } from "./format";
import { useZodForm } from "./useZodForm";

function RenameForm({ playlist, onDone }: { playlist: Playlist; onDone: () => void }) {
  const { onSubmit, errors, formError, submitting } = useZodForm(playlistInputSchema, async ({ name }) => {
    await renamePlaylist(playlist.id, name);
    onDone();
  });
  return (
    <form onSubmit={onSubmit} noValidate className={formStyles.inline} aria-label="Rename playlist">
      <Field label="Playlist name" name="name" defaultValue={playlist.name} maxLength={100} autoFocus error={errors.name} className={formStyles.grow} />
      <Button type="submit" disabled={submitting}>
        Save
      </Button>
      <Button variant="secondary" onClick={onDone}>
        Cancel
      </Button>
      <Alert>{formError}</Alert>
    </form>
  );
}

function DeleteConfirm({ playlist, onCancel }: { playlist: Playlist; onCancel: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function confirm() {
    setPending(true);
    try {
      await deletePlaylist(playlist.id);
      await router.push("/");
    } catch (thrown) {
      setError(describeError(thrown));
      setPending(false);
    }
  }
  return (
    <div className={styles.confirm} role="group" aria-labelledby="delete-question">
      <p id="delete-question">
        Delete “{playlist.name}”? Its songs stay in the catalogue; the playlist cannot be brought back.
      </p>
      <div className={styles.actions}>
        <Button variant="danger" onClick={confirm} disabled={pending} autoFocus>
          Delete
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <Alert>{error}</Alert>
    </div>
  );
}

export function PlaylistHeader({ playlist }: { playlist: Playlist }) {
  const [mode, setMode] = useState<"view" | "rename" | "delete">("view");
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // Back from renaming or the delete question: keyboard focus returns to where it started, not to the page's top.
  useEffect(() => {
    if (mode === "view" && wasEditing.current) renameButton.current?.focus();
    wasEditing.current = mode !== "view";
  }, [mode]);
  const seconds = playlist.songs.reduce((total, song) => total + song.durationSec, 0);
  return (
    <header className={styles.header}>
      <Head>
        <title>{`${playlist.name} · Trax`}</title>
      </Head>
      <p className={styles.kicker}>Playlist</p>
      <h1 className={styles.title}>{playlist.name}</h1>
      <p className={styles.meta}>
        {plural(playlist.songs.length, "song")}
        {seconds > 0 && ` · ${Math.round(seconds / 60)} min`}
      </p>
      {mode === "view" && (
        <div className={styles.actions}>
          <Button variant="secondary" onClick={() => setMode("rename")} ref={renameButton}>
            Rename
          </Button>
          <Button variant="danger" onClick={() => setMode("delete")}>
            Delete playlist
          </Button>
        </div>
      )}
      {mode === "rename" && <RenameForm playlist={playlist} onDone={() => setMode("view")} />}
      {mode === "delete" && <DeleteConfirm playlist={playlist} onCancel={() => setMode("view")} />}
    </header>
  );
}
