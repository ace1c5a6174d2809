import { useRouter } from "next/router";
import { createPlaylist } from "@/lib/frontend/mutations";
import { playlistInputSchema } from "@/lib/music/schemas";
import styles from "../styles/Form.module.css";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Field } from "./Field";
import { useZodForm } from "./useZodForm";

export function CreatePlaylistForm() {
  const router = useRouter();
  const { onSubmit, errors, formError, submitting } = useZodForm(playlistInputSchema, async ({ name }) => {
    const playlist = await createPlaylist(name);
    await router.push(`/playlist/${encodeURIComponent(playlist.id)}`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className={styles.inline} aria-label="Create a playlist">
      <Field label="Playlist name" name="name" placeholder="e.g. Sunday morning" maxLength={100} error={errors.name} className={styles.grow} />
      <Button type="submit" disabled={submitting}>
        Create playlist
      </Button>
      <Alert>{formError}</Alert>
    </form>
  );
}
