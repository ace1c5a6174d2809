import type { AppProps } from "next/app";
import Router from "next/router";
import { SWRConfig, type SWRConfiguration } from "swr";
import "@/lib/frontend/zod-in-browser";
import { ApiError, fetcher } from "@/lib/frontend/fetcher";
import { keys, type User } from "@/lib/frontend/hooks";
import "../styles/globals.css";

function isClientError(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}

const swrConfig: SWRConfiguration = {
  fetcher,
  // A 4xx will not change by asking again; 5xx and network errors may.
  onErrorRetry: (error, _key, _config, revalidate, { retryCount }) => {
    if (isClientError(error) || retryCount >= 3) return;
    setTimeout(() => void revalidate({ retryCount }), 1000 * 2 ** retryCount);
  },
  // The session ended elsewhere (revoked, expired): back to sign-in, then here again.
  onError: (error) => {
    if (!(error instanceof ApiError) || error.status !== 401) return;
    if (Router.pathname === "/signin" || Router.pathname === "/signup") return;
    void Router.replace(`/signin?next=${encodeURIComponent(Router.asPath)}`);
  },
};

export default function App({ Component, pageProps }: AppProps<{ user?: User }>) {
  const fallback = pageProps.user ? { [keys.me]: { user: pageProps.user } } : {};
  return (
    <SWRConfig value={{ ...swrConfig, fallback }}>
      <Component {...pageProps} />
    </SWRConfig>
  );
}
