import { useMe } from "@/lib/frontend/hooks";
import { signedInPage, type SignedInProps } from "@/lib/frontend/page-auth";
import { AppLayout } from "../components/AppLayout";
import { ArtistList } from "../components/ArtistList";
import { CreatePlaylistForm } from "../components/CreatePlaylistForm";
import { PlaylistList } from "../components/PlaylistList";
import styles from "../styles/Home.module.css";

export const getServerSideProps = signedInPage();

export default function HomePage({ user }: SignedInProps) {
  const me = useMe().data ?? user;
  return (
    <AppLayout title="Your playlists" user={user}>
      <h1 className={styles.greeting}>Welcome back{me.name ? `, ${me.name}` : ""}</h1>
      <section aria-labelledby="playlists-heading" className={styles.section}>
        <h2 id="playlists-heading">Your playlists</h2>
        <CreatePlaylistForm />
        <PlaylistList />
      </section>
      <section aria-labelledby="artists-heading" className={styles.section}>
        <h2 id="artists-heading">Artists in the catalogue</h2>
        <ArtistList />
      </section>
    </AppLayout>
  );
}
