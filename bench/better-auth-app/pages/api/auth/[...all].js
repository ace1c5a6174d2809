import { toNodeHandler } from "better-auth/node";
import { auth } from "../../../peer.mjs";

export const config = { api: { bodyParser: false } };
export default toNodeHandler(auth);
