import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../../workflows/roles.js';
import { AppError } from './app-error.js';

/**
 * Who acts. For a person it is the authenticated user (src/auth sets it from the access token on
 * every request); `system` is the deadline jobs and other internal work, which never logs in.
 */
export interface Actor {
  id: string;
  role: Role;
  /** The user's procuratorate; absent only for `system`. */
  procuratorateId?: string | null;
  /** Display name, for approval records. */
  name?: string;
}

/** The actor of internal jobs. No user can hold the `system` role (a CHECK on users.role). */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  id: 'system',
  role: 'system',
  procuratorateId: null,
  name: '系统',
});

/** A request after the authentication guard ran. */
export interface AuthenticatedRequest extends Request {
  actor?: Actor;
}

export function requestActor(req: AuthenticatedRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Authentication required 请先登录');
  return req.actor;
}

/** The authenticated user of this request (a route marked @Public() has none). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  requestActor(ctx.switchToHttp().getRequest<AuthenticatedRequest>()),
);
