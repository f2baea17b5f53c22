import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode } from '@wharf/contracts';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ProblemException } from '../problem/problem.exception';
import { IS_PUBLIC } from './public.decorator';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** The credential a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(req: Pick<Request, 'headers'>): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer /i.test(auth)) return auth.slice(7).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * A service-to-service key (the manager's API key, used by the controller): every HTTP route needs it
 * unless marked @Public(). Compared as hashes in constant time.
 */
@Injectable()
export class StaticApiKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(
    key: string,
    private readonly reflector: Reflector,
  ) {
    this.expected = sha256(key);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const key = presentedKey(context.switchToHttp().getRequest<Request>());
    if (key && timingSafeEqual(sha256(key), this.expected)) return true;
    throw new ProblemException({
      status: 401,
      code: ErrorCode.UNAUTHENTICATED,
      title: 'Unauthorized',
      detail: key ? 'The API key is not valid.' : 'An API key is required (Authorization: Bearer <key>).',
      headers: { 'WWW-Authenticate': 'Bearer realm="wharf"' },
    });
  }
}
