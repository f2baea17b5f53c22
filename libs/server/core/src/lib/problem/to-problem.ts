import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode, type ProblemDetails } from '@wharf/contracts';
import { STATUS_CODES } from 'node:http';
import { ProblemException } from './problem.exception';

/** Codes for Nest's built-in HttpExceptions, so even a bare `throw new ForbiddenException()` has a stable code. */
const CODE_BY_STATUS: Record<number, string> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

// body-parser (and raw-body) tag their errors with `type` and `status`.
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
}
const isBodyParserError = (e: unknown): e is BodyParserError =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as BodyParserError).type === 'string' &&
  typeof ((e as BodyParserError).status ?? (e as BodyParserError).statusCode) === 'number';

export interface ProblemContext {
  correlationId?: string;
  instance?: string;
  /** True when no route matched the request (Nest answers through its catch-all route). */
  routeMissing: boolean;
}

export interface MappedProblem {
  body: ProblemDetails;
  headers: Record<string, string>;
  /** True for errors we did not anticipate: logged with stack, answered generically. */
  unexpected: boolean;
}

function problem(status: number, code: string, detail: string | undefined, ctx: ProblemContext): ProblemDetails {
  return {
    type: `https://wharf.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    code,
    ...(detail ? { detail } : {}),
    ...(ctx.instance ? { instance: ctx.instance } : {}),
    ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
  };
}

/** Maps anything thrown while handling a request to the problem+json answer. Pure; unit-tested. */
export function toProblem(error: unknown, ctx: ProblemContext): MappedProblem {
  if (error instanceof ProblemException) {
    const p = error.problem;
    const body = problem(p.status, p.code, p.detail, ctx);
    body.title = p.title;
    if (p.errors) body.errors = p.errors;
    return { body, headers: p.headers ?? {}, unexpected: false };
  }
  // Nest's Express adapter wraps body-parser failures in an HttpException; the original is the cause.
  const parserError = isBodyParserError(error)
    ? error
    : error instanceof HttpException && isBodyParserError(error.cause)
      ? error.cause
      : undefined;
  if (parserError) {
    const status = parserError.status ?? parserError.statusCode ?? 400;
    if (parserError.type === 'entity.parse.failed')
      return { body: problem(400, ErrorCode.MALFORMED_JSON, 'The request body is not valid JSON.', ctx), headers: {}, unexpected: false };
    if (parserError.type === 'entity.too.large')
      return { body: problem(413, ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large.', ctx), headers: {}, unexpected: false };
    if (status < 500)
      return {
        body: problem(status, CODE_BY_STATUS[status] ?? ErrorCode.VALIDATION_FAILED, 'The request body could not be read.', ctx),
        headers: {},
        unexpected: false,
      };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === HttpStatus.NOT_FOUND && ctx.routeMissing) {
      return {
        body: problem(404, ErrorCode.ROUTE_NOT_FOUND, 'No route matches this method and path.', ctx),
        headers: {},
        unexpected: false,
      };
    }
    if (status < 500) {
      const response = error.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? (response as { message: string[] }).message.join('; ')
            : String((response as { message?: unknown }).message ?? error.message);
      return { body: problem(status, CODE_BY_STATUS[status] ?? `HTTP_${status}`, message, ctx), headers: {}, unexpected: false };
    }
  }
  // Anything else is a bug or an outage: say nothing internal, keep the correlation id for support.
  return {
    body: problem(500, ErrorCode.INTERNAL_ERROR, 'An unexpected error occurred. Quote the correlation id when reporting it.', ctx),
    headers: {},
    unexpected: true,
  };
}
