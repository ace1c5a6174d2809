import { mutate } from "swr";
import type { CreateTokenInput, SignUpInput } from "@/lib/auth/schemas";
import { request } from "./fetcher";
import { keys, type Playlist, type PlaylistSummary, type Session, type Song, type User } from "./hooks";

type PlaylistData = { playlist: Playlist };
type PlaylistsData = { playlists: PlaylistSummary[] };
type SessionsData = { sessions: Session[] };

/**
 * Shows `apply`'s result at once, sends, then revalidates from the server;
 * on failure the cache rolls back and the error is thrown for the UI to show.
 */
async function optimistic<T>(key: string, apply: (current: T) => T, send: () => Promise<unknown>): Promise<void> {
  await mutate<T>(
    key,
    async () => {
      await send();
      return undefined;
    },
    { optimisticData: (current) => (current ? apply(current) : (current as T)), rollbackOnError: true, populateCache: false, revalidate: true },
  );
}

/** Forgets everything cached: nothing of one user may outlive their session in memory. */
export async function clearCache(): Promise<void> {
  await mutate(() => true, undefined, { revalidate: false });
}

/** Signing up: a new person's data must not meet the previous one's cache (signing in: second-factor.ts). */
export async function signUp(input: SignUpInput): Promise<User> {
  const { user } = await request<{ user: User }>("POST", "/api/signup", input);
  await clearCache();
  return user;
}

export async function signOut(): Promise<void> {
  try {
    await request("POST", "/api/signout");
  } finally {
    await clearCache();
  }
}

export async function updateName(name: string): Promise<void> {
  const { user } = await request<{ user: User }>("PATCH", keys.me, { name });
  await mutate(keys.me, { user }, { revalidate: false });
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request("POST", "/api/me/password", { currentPassword, newPassword });
  await mutate(keys.sessions);
}

export async function deleteAccount(password: string): Promise<void> {
  await request("DELETE", keys.me, { password });
  await clearCache();
}

export async function createPlaylist(name: string): Promise<PlaylistSummary> {
  const { playlist } = await request<{ playlist: PlaylistSummary }>("POST", keys.playlists, { name });
  await mutate<PlaylistsData>(keys.playlists, (current) => current && { playlists: [playlist, ...current.playlists] });
  return playlist;
}

export async function renamePlaylist(id: string, name: string): Promise<void> {
  await optimistic<PlaylistData>(
    keys.playlist(id),
    (current) => ({ playlist: { ...current.playlist, name } }),
    () => request("PATCH", keys.playlist(id), { name }),
  );
  await mutate(keys.playlists);
}

export async function deletePlaylist(id: string): Promise<void> {
  await request("DELETE", keys.playlist(id));
  await mutate(keys.playlist(id), undefined, { revalidate: false });
  await mutate<PlaylistsData>(keys.playlists, (current) => current && { playlists: current.playlists.filter((p) => p.id !== id) });
}

const songPath = (playlistId: string, songId: string) => `${keys.playlist(playlistId)}/songs/${encodeURIComponent(songId)}`;

export async function addSong(playlistId: string, song: Song): Promise<void> {
  await optimistic<PlaylistData>(
    keys.playlist(playlistId),
    ({ playlist }) => ({ playlist: { ...playlist, songs: [...playlist.songs.filter((s) => s.id !== song.id), { ...song, addedAt: new Date().toISOString() }] } }),
    () => request("PUT", songPath(playlistId, song.id)),
  );
  await mutate(keys.playlists);
}

export async function removeSong(playlistId: string, songId: string): Promise<void> {
  await optimistic<PlaylistData>(
    keys.playlist(playlistId),
    ({ playlist }) => ({ playlist: { ...playlist, songs: playlist.songs.filter((s) => s.id !== songId) } }),
    () => request("DELETE", songPath(playlistId, songId)),
  );
  await mutate(keys.playlists);
}

export async function revokeSession(id: string): Promise<void> {
  await optimistic<SessionsData>(
    keys.sessions,
    ({ sessions }) => ({ sessions: sessions.filter((s) => s.id !== id) }),
    () => request("DELETE", `${keys.sessions}/${encodeURIComponent(id)}`),
  );
}

export async function revokeOtherSessions(): Promise<void> {
  await optimistic<SessionsData>(
    keys.sessions,
    ({ sessions }) => ({ sessions: sessions.filter((s) => s.current) }),
    () => request("DELETE", keys.sessions),
  );
}

export async function createToken(input: CreateTokenInput): Promise<string> {
  const { token } = await request<{ token: string; session: Session }>("POST", "/api/tokens", input);
  await mutate(keys.sessions);
  return token;
}

export async function forgotPassword(email: string): Promise<void> {
  await request("POST", "/api/password/forgot", { email });
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await request("POST", "/api/password/reset", { token, password });
  await clearCache();
}

export async function verifyEmail(token: string): Promise<User> {
  const { user } = await request<{ user: User }>("POST", "/api/email/verify", { token });
  await mutate(keys.me);
  return user;
}

export async function resendVerification(): Promise<void> {
  await request("POST", "/api/email/verification");
}

export async function changeEmail(email: string, password: string): Promise<void> {
  await request("POST", "/api/me/email", { email, password });
}
