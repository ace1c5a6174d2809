import { route, sendJson } from "../../lib/server/http";
import { getOpenApiDocument } from "../../lib/server/openapi";

export const config = { api: { bodyParser: false } };

export default route({
  GET: async (_req, res) => sendJson(res, 200, getOpenApiDocument()),
});
