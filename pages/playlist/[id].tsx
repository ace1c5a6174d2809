import { signedInPage, type SignedInProps } from "@/lib/frontend/page-auth";
import { AppLayout } from "../../components/AppLayout";
import { PlaylistView } from "../../components/PlaylistView";

export const getServerSideProps = signedInPage<{ id: string }, { id: string }>(({ params }) => ({ id: params?.id ?? "" }));

export default function PlaylistPage({ user, id }: SignedInProps & { id: string }) {
  return (
    <AppLayout title="Playlist" user={user}>
      <PlaylistView key={id} id={id} />
    </AppLayout>
  );
}
