import { fromNodeHeaders } from "better-auth/node";
import { auth } from "../../peer.mjs";

/** The peer's /api/me: the signed-in user, as Trax's route answers it. */
export default async function me(req, res) {
  const session = await auth.api.getSession({ headers: fromNodeHeaders(req.headers) });
  if (!session) return res.status(401).json({ error: { code: "unauthenticated", message: "Sign in to continue." } });
  res.status(200).json({ user: session.user });
}
