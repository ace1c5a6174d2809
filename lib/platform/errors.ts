import pg from "pg";
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
  static notFound(what = "That resource"): HttpError {
    return new HttpError(404, "not_found", `${what} was not found.`);
  }
  static payloadTooLarge(): HttpError {
    return new HttpError(413, "payload_too_large", "The body is larger than 16 KiB.");
  }
  static rateLimited(retryAfterSeconds: number, headers: Record<string, string> = {}): HttpError {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return new HttpError(429, "rate_limited", `Too many attempts. Try again in ${seconds} seconds.`, {
      headers: { ...headers, "Retry-After": String(seconds) },
    });
  }
  static unavailable(): HttpError {
    return new HttpError(503, "unavailable", "The service is temporarily unavailable. Try again shortly.");
  }
}

/** The database answers, but lacks a migration this build needs: the service is not ready (503). */
export class SchemaNotMigratedError extends Error {
  override name = "SchemaNotMigratedError";

  constructor(readonly expectedMigration: string) {
    super(`The database schema is not migrated: expected migration ${expectedMigration}.`);
  }
}

// Connection-level failures, as they really arrive (checked against a dropped
// database, terminated backends, refused connections and pg's own timeouts):
// Prisma codes for the adapter kinds it knows; for the rest, the SQLSTATE and
// severity in the DriverAdapterError, which Prisma wraps in meta (P2010 for raw
// queries) or lets through bare from an interactive transaction.
// P2028: a transaction that could not start or finish in its bounds (a busy or
// stalled database). A socket error code such as ECONNABORTED also arrives as a
// Prisma error's code.
const UNAVAILABLE_PRISMA_CODES = new Set([
  ...["P1000", "P1001", "P1002", "P1003", "P1008", "P1010", "P1011", "P1017", "P2024", "P2028", "P2037"],
  ...["ECONNABORTED", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND"],
]);
// The adapter's own kinds; raw queries (P2010) carry them without a Prisma code.
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "SocketTimeout",
  "ConnectionClosed",
  "TooManyConnections",
  "AuthenticationFailed",
  "DatabaseAccessDenied",
  "TlsConnectionError",
]);
// SQLSTATE classes 08 connection exception, 53 insufficient resources, 57 operator intervention; 3D000 no such database.
const UNAVAILABLE_SQLSTATE = /^(?:08|53|57)|^3D000$/;
const UNSTORABLE_TEXT_SQLSTATES = new Set(["22021", "22P05"]);
const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EPIPE|timeout|Connection terminated|connection (?:is )?(?:closed|ended)|not queryable|pool after calling end/i;

interface DriverFailure {
  kind?: unknown;
  originalCode?: unknown;
  originalMessage?: unknown;
  message?: unknown;
  severity?: unknown;
}

function driverFailure(error: unknown): DriverFailure | null {
  // pg's own, from the one query that goes around Prisma (prepared-query.ts).
  if (error instanceof pg.DatabaseError) {
    return { originalCode: error.code, originalMessage: error.message, severity: error.severity };
  }
  const adapterError = error instanceof Prisma.PrismaClientKnownRequestError ? error.meta?.driverAdapterError : error;
  if (!(adapterError instanceof Error) || adapterError.name !== "DriverAdapterError") return null;
  const cause = (adapterError as { cause?: unknown }).cause;
  return typeof cause === "object" && cause !== null ? cause : null;
}

function sqlState(failure: DriverFailure | null): string {
  return typeof failure?.originalCode === "string" ? failure.originalCode : "";
}

/** A query named a table the database does not have (SQLSTATE 42P01). */
export function isMissingTable(error: unknown): boolean {
  const failure = driverFailure(error);
  return failure?.kind === "TableDoesNotExist" || sqlState(failure) === "42P01";
}

/** True for the errors of a database that is gone, unreachable or too slow: they become 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_PRISMA_CODES.has(error.code)) return true;
  const failure = driverFailure(error);
  if (failure) {
    const fatal = failure.severity === "FATAL" || failure.severity === "PANIC";
    return fatal || UNAVAILABLE_KINDS.has(String(failure.kind)) || UNAVAILABLE_SQLSTATE.test(sqlState(failure));
  }
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
  if (isDatabaseUnavailable(error) || error instanceof SchemaNotMigratedError) return HttpError.unavailable();
  // Text Postgres cannot store (a NUL character, say) is a problem with the input, not with us.
  if (UNSTORABLE_TEXT_SQLSTATES.has(sqlState(driverFailure(error)))) {
    return new HttpError(400, "validation_failed", "The input contains characters that cannot be stored.");
  }
  return new HttpError(500, "internal_error", "Something went wrong on our side.");
}

/** What an operator needs to know about a failure; the message is raw (log.ts scrubs it before writing it). */
export interface FailureDetails {
  name: string;
  code?: string | undefined;
  kind?: string | undefined;
  sqlstate?: string | undefined;
  severity?: string | undefined;
  message?: string | undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Prisma's own code (P1001…), or a Node error's (ECONNRESET…). */
function errorCode(error: Error): string | undefined {
  if (error instanceof Prisma.PrismaClientInitializationError) return text(error.errorCode);
  return text((error as { code?: unknown }).code);
}

// Prisma's messages begin with the call ("Invalid `prisma.user.create()` invocation:")
// and may render its arguments; their last line says what went wrong. Others say it first.
function summary(error: Error): string | undefined {
  const lines = error.message.split("\n").map((line) => line.trim()).filter(Boolean);
  return error.name.startsWith("PrismaClient") ? lines.at(-1) : lines[0];
}

/** The class, codes and message of what was thrown; a driver's own message is preferred to Prisma's. */
export function failureDetails(error: unknown): FailureDetails {
  if (!(error instanceof Error)) return { name: typeof error };
  const failure = driverFailure(error);
  return {
    name: error.name,
    code: errorCode(error),
    kind: text(failure?.kind),
    sqlstate: text(failure?.originalCode),
    severity: text(failure?.severity),
    message: text(failure?.originalMessage) ?? text(failure?.message) ?? summary(error),
  };
}
