import { assertCronCaller } from "@/lib/mail/cron";
import { drainOutbox, outboxStatus } from "@/lib/mail/outbox";
import { route, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

// Called by a scheduler (see lib/mail/README.md) to send what no request's own delivery finished.
export default route({
  GET: async (req, res) => {
    assertCronCaller(req);
    const result = await drainOutbox();
    sendJson(res, 200, { ...result, outbox: await outboxStatus() });
  },
});
