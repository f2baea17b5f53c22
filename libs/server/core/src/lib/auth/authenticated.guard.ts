import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode } from '@wharf/contracts';
import type { Request } from 'express';
import { ProblemException } from '../problem/problem.exception';
import { AUTHENTICATOR, type Authenticator, presentedKey } from './authenticator';
import type { RequestWithPrincipal } from './principal';
import { IS_PUBLIC } from './public.decorator';

export function unauthenticated(detail: string): ProblemException {
  return new ProblemException({
    status: 401,
    code: ErrorCode.UNAUTHENTICATED,
    title: 'Unauthorized',
    detail,
    headers: { 'WWW-Authenticate': 'Bearer realm="wharf"' },
  });
}

/**
 * Every HTTP route needs a credential the service's {@link Authenticator} accepts, unless marked
 * @Public(). The principal is put on the request for what comes after (roles, audit).
 */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  constructor(
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    const key = presentedKey(req);
    if (!key) throw unauthenticated('A credential is required (Authorization: Bearer <key or token>).');
    const principal = await this.authenticator.authenticate(key);
    if (!principal) throw unauthenticated('The credential is not valid.');
    req.principal = principal;
    return true;
  }
}
