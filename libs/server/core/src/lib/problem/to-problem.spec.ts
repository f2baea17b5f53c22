import { BadRequestException, ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import { ErrorCode } from '@wharf/contracts';
import { ProblemException } from './problem.exception';
import { toProblem } from './to-problem';

const ctx = { correlationId: 'c-1', instance: '/api/x', routeMissing: false };

describe('toProblem', () => {
  it('keeps the code, title and field errors of a ProblemException', () => {
    const m = toProblem(
      new ProblemException({
        status: 409,
        code: 'UNCOMMITTED_CHANGES',
        title: 'Conflict',
        detail: 'dirty',
        errors: [{ field: 'f', messages: ['m'] }],
      }),
      ctx,
    );
    expect(m.body).toEqual({
      type: 'https://wharf.dev/problems/uncommitted-changes',
      title: 'Conflict',
      status: 409,
      code: 'UNCOMMITTED_CHANGES',
      detail: 'dirty',
      instance: '/api/x',
      correlationId: 'c-1',
      errors: [{ field: 'f', messages: ['m'] }],
    });
    expect(m.unexpected).toBe(false);
  });

  it('gives Nest built-in exceptions a stable code by status', () => {
    expect(toProblem(new ForbiddenException(), ctx).body.code).toBe(ErrorCode.FORBIDDEN);
    expect(toProblem(new NotFoundException('agent gone'), ctx).body).toMatchObject({ code: ErrorCode.NOT_FOUND, detail: 'agent gone' });
  });

  it('distinguishes an unmatched route from a missing resource', () => {
    expect(toProblem(new NotFoundException('Cannot GET /api/x'), { ...ctx, routeMissing: true }).body.code).toBe(ErrorCode.ROUTE_NOT_FOUND);
  });

  it('recognises body-parser failures wrapped by the Express adapter', () => {
    const parse = Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400 });
    expect(toProblem(new BadRequestException('x', { cause: parse }), ctx).body.code).toBe(ErrorCode.MALFORMED_JSON);
    const big = Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413 });
    expect(toProblem(new HttpException('x', 413, { cause: big }), ctx).body).toMatchObject({
      status: 413,
      code: ErrorCode.PAYLOAD_TOO_LARGE,
    });
  });

  it('hides everything about unexpected errors and flags them for logging', () => {
    const m = toProblem(new TypeError('cannot read x of undefined at /srv/secret.ts'), ctx);
    expect(m.unexpected).toBe(true);
    expect(m.body.status).toBe(500);
    expect(m.body.code).toBe(ErrorCode.INTERNAL_ERROR);
    expect(JSON.stringify(m.body)).not.toContain('secret.ts');
  });

  it('treats 5xx HttpExceptions as unexpected too', () => {
    expect(toProblem(new HttpException('upstream said: password=x', 502), ctx).body.detail).not.toContain('password');
  });
});
