import { authedRoute } from "@/lib/auth/validate-route";
import { deliverAfterResponse } from "@/lib/mail/outbox";
import { deletePasskey } from "@/lib/mfa/passkeys";
import { HttpError } from "@/lib/platform/errors";
import { parseParams, sendNoContent } from "@/lib/platform/http";
import { idParamsSchema } from "@/lib/platform/schemas";

export const config = { api: { bodyParser: false } };

export default authedRoute({
  DELETE: async (req, res, { user }) => {
    const { id } = parseParams(req, idParamsSchema);
    if (!(await deletePasskey(req, user, id))) throw HttpError.notFound("That passkey");
    deliverAfterResponse(res);
    sendNoContent(res);
  },
});
