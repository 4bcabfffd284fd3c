import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SecurityLog } from '../audit/security-log.service.js';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { RateLimiter } from './rate-limiter.js';

/** The settings (count/seconds) a route's per-address limit reads. */
type LimitSetting = 'RATE_LIMIT_CLUE_SUBMIT' | 'RATE_LIMIT_CLUE_LOOKUP';
const RATE_LIMIT = 'pil:rateLimit';

/**
 * Limits a route per client address (`req.ip`, see TRUST_PROXY) to the count/seconds of a setting:
 * past it, 429 RATE_LIMITED with Retry-After, recorded in the security log (aggregated).
 */
export const RateLimitPerAddress = (name: string, setting: LimitSetting) =>
  applyDecorators(SetMetadata(RATE_LIMIT, { name, setting }), UseGuards(RateLimitGuard));

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly security: SecurityLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const meta = this.reflector.get<{ name: string; setting: LimitSetting } | undefined>(
      RATE_LIMIT,
      ctx.getHandler(),
    );
    if (!meta) return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    try {
      await this.limiter.take(meta.name, req.ip ?? 'unknown', this.config[meta.setting]);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') {
        await this.security.record({
          kind: 'rate_limited',
          code: error.code,
          message: error.message,
          action: `${req.method} ${req.route ? (req.route as { path: string }).path : req.path}`,
          ip: req.ip ?? null,
          details: { limit: meta.name },
          anonymous: true,
        });
      }
      throw error;
    }
  }
}
