/**
 * Typed errors and the one JSON error shape both apps answer with.
 *
 * Every failure a client can cause is a `ModelError` subclass carrying its own HTTP
 * status and a stable `code`. Apps never build error bodies by hand: they call
 * `toErrorResponse(err)`, so the Lambda handler and the Express service cannot drift
 * apart. Anything that is not a `ModelError` is a bug on our side and becomes a 500
 * with a generic message: stack traces never reach clients.
 */

/** The body of every error response: `{"error":{"code","message","details"}}`. */
export interface ErrorBody {
  error: {
    /** Stable, machine-readable, SCREAMING_SNAKE_CASE. Clients branch on this. */
    code: string;
    /** One human-readable sentence. */
    message: string;
    /** Structured context: always present, `{}` when there is nothing to add. */
    details: unknown;
  };
}

/** One problem found in a request, located by a path into the input. */
export interface InputIssue {
  /** Where the problem is, e.g. `[0, "temperatureC"]` or `["k"]`. Empty for the whole input. */
  path: (string | number)[];
  message: string;
}

/** Base class: an error a client caused, with the status and code to report it by. */
export abstract class ModelError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details: unknown;

  constructor(message: string, details: unknown = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** 400: the input failed validation. `details.issues` lists every problem, not just the first. */
export class InvalidInputError extends ModelError {
  readonly status = 400;
  readonly code = 'INVALID_INPUT';
  declare readonly details: { issues: InputIssue[] };

  constructor(issues: InputIssue[], message = summariseIssues(issues)) {
    super(message, { issues });
  }
}

/** 400: the body is not parseable JSON. */
export class MalformedJsonError extends ModelError {
  readonly status = 400;
  readonly code = 'MALFORMED_JSON';
}

/** 401: an admin route was called without valid credentials. */
export class UnauthorizedError extends ModelError {
  readonly status = 401;
  readonly code = 'UNAUTHORIZED';
}

/** 403: the caller is known but not allowed, or the service is read-only. */
export class ForbiddenError extends ModelError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
}

/** 404: no such route, movie or resource. */
export class NotFoundError extends ModelError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
}

/** 405: the path exists, the method does not. `details.allow` lists the methods that do. */
export class MethodNotAllowedError extends ModelError {
  readonly status = 405;
  readonly code = 'METHOD_NOT_ALLOWED';
  declare readonly details: { allow: string[] };

  constructor(method: string, path: string, allow: string[]) {
    super(`${method} is not allowed on ${path}; use ${allow.join(' or ')}.`, { allow });
  }
}

/** 409: the write conflicts with current state, e.g. adding a movie id that exists. */
export class ConflictError extends ModelError {
  readonly status = 409;
  readonly code = 'CONFLICT';
}

/** 413: the body is larger than the route accepts. */
export class PayloadTooLargeError extends ModelError {
  readonly status = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';

  constructor(limitBytes: number, actualBytes?: number) {
    super(`The request body exceeds the ${limitBytes}-byte limit.`, { limitBytes, ...(actualBytes === undefined ? {} : { actualBytes }) });
  }
}

/** 415: the body is not `application/json`. */
export class UnsupportedMediaTypeError extends ModelError {
  readonly status = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';

  constructor(received: string | undefined) {
    super(`Send the body as application/json${received ? `, not ${received}` : ''}.`, { expected: 'application/json', received: received ?? null });
  }
}

/** 503: the service is up but not ready (index loading, update log replaying). */
export class NotReadyError extends ModelError {
  readonly status = 503;
  readonly code = 'NOT_READY';
}

/**
 * An artifact on disk does not match its recorded checksum or format. This is an
 * operator problem found at start-up, not a client error: it is thrown, logged and
 * stops the process, and is never mapped to a response.
 */
export class ArtifactIntegrityError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'ArtifactIntegrityError';
  }
}

/** The fields the `http-errors` package (used by body-parser, hence `express.json`) puts on its errors. */
interface BodyParserErrorFields {
  type?: unknown;
  limit?: unknown;
  length?: unknown;
  message?: unknown;
}

/**
 * Maps the errors body-parser raises (`express.json`) to typed errors, so every
 * Express app answers an oversized or broken body the same way. Framework-free: it
 * reads only the `type` field body-parser documents. Anything else is returned unchanged.
 * @param contentType the request's Content-Type, named in a 415.
 */
export function fromBodyParserError(err: unknown, contentType?: string): unknown {
  if (err instanceof ModelError || err === null || typeof err !== 'object') return err;
  const e = err as BodyParserErrorFields;
  switch (e.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(Number(e.limit), typeof e.length === 'number' ? e.length : undefined);
    case 'entity.parse.failed':
      return new MalformedJsonError(`The request body is not valid JSON: ${String(e.message)}`);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(contentType);
    case 'request.size.invalid':
    case 'request.aborted':
      return new MalformedJsonError('The request body ended early or does not match its Content-Length.');
    default:
      return err;
  }
}

/** Maps any thrown value to a status and the shared error body. Unknown errors become an opaque 500. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof ModelError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, details: err.details ?? {} } } };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'An unexpected error occurred. It has been logged.', details: {} } },
  };
}

function summariseIssues(issues: InputIssue[]): string {
  if (issues.length === 0) return 'The input is invalid.';
  const first = issues[0]!;
  const where = first.path.length > 0 ? ` at ${formatPath(first.path)}` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `Invalid input${where}: ${first.message.replace(/\.$/, '')}${more}.`;
}

/** Renders a path as `items[3].rating` for messages. */
export function formatPath(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
