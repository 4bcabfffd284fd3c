import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { SecurityLog } from '../audit/security-log.service.js';
import { AuthService } from './auth.service.js';
import { IS_PUBLIC } from './public.decorator.js';

const BEARER = /^Bearer ([A-Za-z0-9_\-.]+)$/;

/**
 * Every route needs a valid access token unless marked @Public(). The token's user is loaded
 * and set as the request's actor; a missing, expired, forged or tampered token is a 401.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly security: SecurityLog,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest & { sessionId?: string }>();
    // Operations endpoints outside the API (/health, /metrics) are for the platform, not users.
    if (!req.path.startsWith('/api/')) return true;
    const header = req.header('authorization');
    if (header === undefined) {
      throw new AppError('UNAUTHENTICATED', 'Authorization: Bearer <access token> is required 请先登录');
    }
    const token = BEARER.exec(header)?.[1];
    try {
      if (token === undefined) throw new AppError('TOKEN_INVALID', 'Access token is invalid 访问令牌无效');
      const actor = await this.auth.authenticate(token);
      req.actor = {
        id: actor.id,
        role: actor.role,
        procuratorateId: actor.procuratorateId,
        name: actor.name,
      };
      req.sessionId = actor.sessionId;
      return true;
    } catch (error) {
      // An expired token is routine (the client refreshes); anything else is worth a record.
      if (error instanceof AppError && error.code === 'TOKEN_INVALID') {
        await this.security.record({
          kind: 'token_rejected',
          code: error.code,
          message: error.message,
          action: `${req.method} ${req.path}`,
          ip: req.ip ?? null,
          anonymous: true,
        });
      }
      throw error;
    }
  }
}
