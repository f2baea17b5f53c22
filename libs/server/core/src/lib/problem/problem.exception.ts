import { HttpException } from '@nestjs/common';
import type { FieldError } from '@wharf/contracts';

export interface ProblemInit {
  status: number;
  code: string;
  title: string;
  detail?: string;
  errors?: FieldError[];
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
}

/** Throw this from anywhere to answer with a specific RFC 7807 problem and stable code. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail ?? problem.title, problem.status);
  }
}

export const notFound = (code: string, detail: string) => new ProblemException({ status: 404, code, title: 'Not Found', detail });

export const conflict = (code: string, detail: string) => new ProblemException({ status: 409, code, title: 'Conflict', detail });

export const badRequest = (code: string, detail: string, errors?: FieldError[]) =>
  new ProblemException({ status: 400, code, title: 'Bad Request', detail, errors });
