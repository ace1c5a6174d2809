import type { GetServerSideProps, GetServerSidePropsContext } from "next";
import type { ParsedUrlQuery } from "node:querystring";
import { toUserJson } from "@/lib/auth/serialize";
import { authenticate } from "@/lib/auth/validate-route";
import { REQUEST_ID_HEADER, requestIdOf } from "@/lib/platform/request-id";
import type { User } from "./hooks";
import { safeNext } from "./safe-next";

/** Pages are rendered per request by these guards: they name the request like API routes do. */
function nameRequest(context: GetServerSidePropsContext): void {
  context.res.setHeader(REQUEST_ID_HEADER, requestIdOf(context.req));
}

export interface SignedInProps {
  user: User;
}

/** A page for signed-in people only: anyone else is sent to sign in, before any private byte is rendered. */
export function signedInPage<P extends object = object, Q extends ParsedUrlQuery = ParsedUrlQuery>(
  extra: (context: GetServerSidePropsContext<Q>) => P = () => ({}) as P,
): GetServerSideProps<P & SignedInProps, Q> {
  return async (context) => {
    nameRequest(context);
    const auth = await authenticate(context.req, context.res);
    if (!auth) {
      const next = safeNext(context.resolvedUrl) ?? "/";
      return { redirect: { destination: `/signin?next=${encodeURIComponent(next)}`, permanent: false } };
    }
    return { props: { ...extra(context), user: toUserJson(auth.user) } };
  };
}

/** A page anyone may see: still rendered per request, so it carries its response's CSP nonce. */
export const publicPage: GetServerSideProps = async (context) => {
  nameRequest(context);
  return { props: {} };
};

export interface GuestProps {
  next: string;
}

/** Sign-in and sign-up: a signed-in visitor goes straight on to where they were headed. */
export const guestPage: GetServerSideProps<GuestProps> = async (context) => {
  nameRequest(context);
  const next = safeNext(context.query.next) ?? "/";
  if (await authenticate(context.req, context.res)) return { redirect: { destination: next, permanent: false } };
  return { props: { next } };
};
