import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ROLES, type Role } from '../../workflows/roles.js';
import { AppError, ValidationFailed } from './app-error.js';

export interface Actor {
  id: string;
  role: Role;
}

const ACTOR_ID = /^[\p{L}\p{N}_.@:-]{1,100}$/u;

/**
 * The acting person, from the `X-Actor-Id` / `X-Actor-Role` headers.
 * Temporary: the accountability work replaces these headers with authenticated tokens.
 */
export function actorFromHeaders(req: Request): Actor {
  const id = req.header('x-actor-id');
  const role = req.header('x-actor-role');
  if (id === undefined || role === undefined) {
    throw new AppError('UNAUTHENTICATED', 'X-Actor-Id and X-Actor-Role headers are required 缺少操作人信息');
  }
  const problems = [];
  if (!ACTOR_ID.test(id))
    problems.push({ field: 'X-Actor-Id', problem: 'letters, digits and _.@:- only, 1 to 100 characters' });
  if (!(ROLES as readonly string[]).includes(role)) {
    problems.push({ field: 'X-Actor-Role', problem: `must be one of ${ROLES.join(', ')}` });
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  return { id, role: role as Role };
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  actorFromHeaders(ctx.switchToHttp().getRequest<Request>()),
);
