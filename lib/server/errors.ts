import { Prisma } from "./generated/prisma/client";

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

interface HttpErrorOptions {
  fields?: Record<string, string>;
  headers?: Record<string, string>;
}

export class HttpError extends Error {
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options: HttpErrorOptions = {},
  ) {
    super(message);
    this.fields = options.fields;
    this.headers = options.headers ?? {};
  }

  static validation(fields: Record<string, string>): HttpError {
    return new HttpError(400, "validation_failed", "Some fields are not valid.", { fields });
  }
  static unauthenticated(): HttpError {
    return new HttpError(401, "unauthenticated", "Sign in to continue.");
  }
  static notFound(what = "That resource"): HttpError {
    return new HttpError(404, "not_found", `${what} was not found.`);
  }
  static payloadTooLarge(): HttpError {
    return new HttpError(413, "payload_too_large", "The body is larger than 16 KiB.");
  }
  static rateLimited(retryAfterSeconds: number): HttpError {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return new HttpError(429, "rate_limited", `Too many attempts. Try again in ${seconds} seconds.`, {
      headers: { "Retry-After": String(seconds) },
    });
  }
  static unavailable(): HttpError {
    return new HttpError(503, "unavailable", "The service is temporarily unavailable. Try again shortly.");
  }
}

// Connection-level failures from Prisma or from the pg driver beneath the adapter.
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|timeout|Connection terminated|connection (?:is )?(?:closed|ended)|database "[^"]*" does not exist|DatabaseNotReachable|ConnectionClosed|terminating connection/i;

function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_PRISMA_CODES.has(error.code)) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) return false;
  return error instanceof Error && UNAVAILABLE_MESSAGE.test(`${error.message} ${String((error as { cause?: unknown }).cause ?? "")}`);
}

/** The one place where anything thrown becomes an HTTP status and code. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    return new HttpError(409, "conflict", "That already exists.");
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return HttpError.notFound();
  if (isDatabaseUnavailable(error)) return HttpError.unavailable();
  return new HttpError(500, "internal_error", "Something went wrong on our side.");
}
