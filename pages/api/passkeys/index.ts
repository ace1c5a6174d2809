import { authedRoute } from "@/lib/auth/validate-route";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { listPasskeys, registerPasskey } from "@/lib/mfa/passkeys";
import { registerPasskeySchema } from "@/lib/mfa/schemas";
import { HttpError } from "@/lib/platform/errors";
import { parseBody, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  GET: async (_req, res, { user }) => sendJson(res, 200, { passkeys: await listPasskeys(user.id) }),
  POST: async (req, res, { user }) => {
    const input = await parseBody(req, registerPasskeySchema);
    const passkey = await registerPasskey(req, user, input);
    if (!passkey) throw HttpError.validation({ response: "The passkey could not be verified, or its challenge was used or expired. Try again." });
    deliverAfterResponse(res);
    sendJson(res, 201, { passkey });
  },
});
