import { HttpError } from "../../lib/server/errors";
import { route, type Handler } from "../../lib/server/http";

// Without it Next answers unknown /api paths with its HTML 404 page; clients of
// the API get the contract's JSON error instead, whatever the method.
const notFound: Handler = () => Promise.reject(HttpError.notFound("That API route"));

export default route({ GET: notFound, POST: notFound, PUT: notFound, PATCH: notFound, DELETE: notFound });
