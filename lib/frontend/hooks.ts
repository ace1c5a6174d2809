import useSWR, { type SWRConfiguration } from "swr";
import useSWRInfinite from "swr/infinite";
import type { SessionJson, UserJson } from "@/lib/auth/schemas";
import type { PasskeyJson } from "@/lib/mfa/schemas";
import type { ArtistJson, PlaylistDetailJson, PlaylistJson, SongJson, SongsPage } from "@/lib/music/schemas";
import type { ApiError } from "./fetcher";

/** The API's JSON, as the layers' schemas.ts describe it (dates as ISO strings). */
export type User = UserJson;
export type Artist = ArtistJson;
export type Song = SongJson;
export type PlaylistSummary = PlaylistJson;
export type Playlist = PlaylistDetailJson;
export type Session = SessionJson;
export type SongPage = SongsPage;
export type Passkey = PasskeyJson;

export const keys = {
  me: "/api/me",
  playlists: "/api/playlists",
  playlist: (id: string) => `/api/playlists/${encodeURIComponent(id)}`,
  sessions: "/api/sessions",
  artists: "/api/artists",
  passkeys: "/api/passkeys",
};

function useSelected<T, K extends keyof T>(key: string | null, field: K, config?: SWRConfiguration) {
  const swr = useSWR<T, ApiError>(key, config);
  return { ...swr, data: swr.data?.[field] };
}

export function useMe() {
  return useSelected<{ user: User }, "user">(keys.me, "user");
}

export function usePlaylists() {
  return useSelected<{ playlists: PlaylistSummary[] }, "playlists">(keys.playlists, "playlists");
}

export function usePlaylist(id: string) {
  return useSelected<{ playlist: Playlist }, "playlist">(keys.playlist(id), "playlist");
}

export function useSessions() {
  return useSelected<{ sessions: Session[] }, "sessions">(keys.sessions, "sessions");
}

export function usePasskeys() {
  return useSelected<{ passkeys: Passkey[] }, "passkeys">(keys.passkeys, "passkeys");
}

export function useArtists() {
  return useSelected<{ artists: Artist[] }, "artists">(keys.artists, "artists", { revalidateOnFocus: false });
}

const SEARCH_PAGE_SIZE = 10;

function songsKey(query: string) {
  return (index: number, previous: SongPage | null) => {
    if (!query) return null;
    if (previous && !previous.nextCursor) return null;
    const params = new URLSearchParams({ q: query, limit: String(SEARCH_PAGE_SIZE) });
    if (previous?.nextCursor) params.set("cursor", previous.nextCursor);
    return `/api/songs?${params.toString()}`;
  };
}

/** Catalogue search, a page at a time; an empty query asks nothing. */
export function useSongs(query: string) {
  const swr = useSWRInfinite<SongPage, ApiError>(songsKey(query.trim()), { revalidateFirstPage: false, keepPreviousData: true });
  const pages = swr.data ?? [];
  const last = pages[pages.length - 1];
  return {
    songs: pages.flatMap((page) => page.songs),
    hasMore: Boolean(last?.nextCursor),
    loadMore: () => swr.setSize(swr.size + 1),
    isLoading: swr.isLoading || (swr.size > 0 && swr.isValidating && pages.length < swr.size),
    error: swr.error,
  };
}
