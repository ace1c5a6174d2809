import { getOpenApiDocument } from "@/lib/openapi/document";
import { route, sendJson } from "@/lib/platform/http";

export const config = { api: { bodyParser: false } };

export default route({
  GET: async (_req, res) => sendJson(res, 200, getOpenApiDocument()),
});
