import type { NextApiHandler, NextApiRequest } from "next";
import type { z } from "zod";
import { validateRoute, type AuthedHandler } from "./auth";
import { route, validate, type Handler, type Method } from "./http";

/** route() with every method behind validateRoute: the shape of every protected API route. */
export function authedRoute(handlers: Partial<Record<Method, AuthedHandler>>): NextApiHandler {
  const guarded: Partial<Record<Method, Handler>> = {};
  for (const [method, handler] of Object.entries(handlers) as [Method, AuthedHandler][]) {
    guarded[method] = validateRoute(handler);
  }
  return route(guarded);
}

/** Path (and query) parameters, validated like a body: a bad one is a 400. */
export function parseParams<S extends z.ZodType>(req: NextApiRequest, schema: S): z.output<S> {
  return validate(schema, req.query);
}
