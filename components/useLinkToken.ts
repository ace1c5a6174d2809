import { useEffect, useState } from "react";

/**
 * The token a mailed link carries in its fragment, read once and then removed
 * from the address bar (and so from history, bookmarks and screen shares).
 * undefined until read; null when the link had none.
 */
export function useLinkToken(): string | null | undefined {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const found = new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (found) window.history.replaceState(window.history.state, "", window.location.pathname);
    // Read after mount: the server never sees a fragment, so the first render cannot know it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setToken(found);
  }, []);
  return token;
}
