/**
 * Stable, machine-readable error codes. Clients switch on `code`, never on `title` or `detail`,
 * so a code is never renamed once released.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_JSON: 'MALFORMED_JSON',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One rejected field of a request body, query or socket payload. */
export interface FieldError {
  /** Dotted path of the field, e.g. `limits.memoryMb`. */
  field: string;
  /** Human-readable reasons, one per failed rule. */
  messages: string[];
}

/** RFC 7807 problem details as every Wharf service returns them (`application/problem+json`). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable machine-readable code (see {@link ErrorCode}; features add their own). */
  code: string;
  /** The request's correlation id, to quote when reporting a problem. */
  correlationId?: string;
  /** Present on validation failures. */
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const CORRELATION_ID_HEADER = 'x-correlation-id';
