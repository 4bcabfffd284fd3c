import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { AppError } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { RedisHealthIndicator } from './redis.health.js';

function isHealthCheckResult(value: unknown): value is HealthCheckResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'details' in value;
}

/** Liveness and readiness of the service's dependencies, outside the `/api` prefix. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'PostgreSQL and Redis reachable (200), or which of them is down (503)' })
  @ApiResponse({ status: 503, description: '`{ code: SERVICE_UNAVAILABLE, details: { database, redis } }`' })
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
