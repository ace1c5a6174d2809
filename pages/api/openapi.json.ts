import { route, sendJson } from "@/lib/platform/http";
import { getOpenApiDocument } from "@/lib/openapi/document";

export const config = { api: { bodyParser: false } };

export default route({
  GET: async (_req, res) => sendJson(res, 200, getOpenApiDocument()),
});
