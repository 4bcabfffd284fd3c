import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { z } from 'zod';
import { Public } from '../auth/public.decorator.js';
import { AppError } from '../common/app-error.js';
import { Endpoint } from '../common/endpoint.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { RedisHealthIndicator } from './redis.health.js';
import { PublicSurface } from '../common/public-surface.js';

const indicators = z.record(z.string(), z.looseObject({ status: z.string() }));

/** Terminus' health check result: each dependency's status. */
export const healthSchema = z
  .strictObject({
    status: z.enum(['ok', 'error', 'shutting_down']),
    info: indicators.optional().describe('the dependencies that are up'),
    error: indicators.optional().describe('the dependencies that are down'),
    details: indicators,
  })
  .meta({ id: 'Health' });

function isHealthCheckResult(value: unknown): value is HealthCheckResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'details' in value;
}

/** Liveness and readiness of the service's dependencies, outside the `/api` prefix. */
@ApiTags('operations')
@Controller('health')
@PublicSurface()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @HealthCheck()
  @Public()
  @Endpoint({
    summary: 'PostgreSQL and Redis reachable (200), or which of them is down (503)',
    description: 'A 503 says which: `{ code: SERVICE_UNAVAILABLE, details: { database, redis } }`.',
    response: healthSchema,
    errors: ['SERVICE_UNAVAILABLE'],
  })
  async check(): Promise<HealthCheckResult> {
    const timeout = this.config.HEALTH_CHECK_TIMEOUT_MS;
    try {
      return await this.health.check([
        () => this.database.pingCheck('database').withTimeout(timeout),
        () => this.redis.pingCheck('redis', timeout),
      ]);
    } catch (error) {
      const result: unknown = error instanceof ServiceUnavailableException ? error.getResponse() : undefined;
      if (!isHealthCheckResult(result)) throw error;
      const down = Object.keys(result.error ?? {});
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        `Service unavailable 服务不可用: ${down.length ? `${down.join(', ')} down` : result.status}`,
        result.details,
      );
    }
  }
}
