import { HttpError } from "@/lib/platform/errors";
import { route } from "@/lib/platform/http";

// Paths no route serves get the contract's JSON 404 rather than Next's HTML page.
export const config = { api: { bodyParser: false } };

const notFound = async () => {
  throw HttpError.notFound("That API route");
};

export default route({ GET: notFound, POST: notFound, PUT: notFound, PATCH: notFound, DELETE: notFound });
