import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Public } from '../auth/public.decorator.js';
import { AppError } from '../common/app-error.js';
import { Endpoint } from '../common/endpoint.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { MetricsService } from './metrics.service.js';
import { PublicSurface } from '../common/public-surface.js';

/**
 * Prometheus scrape endpoint on the service's port, outside the `/api` prefix: answered only to
 * `Authorization: Bearer <METRICS_TOKEN>` (not a user's token: @Public for the user guard). Without
 * a token, or with METRICS_PORT set (metrics on their own port, see MetricsServer), it is not
 * served here: 404.
 */
@ApiTags('operations')
@Controller('metrics')
@PublicSurface()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @Endpoint({
    summary:
      'Prometheus metrics (Authorization: Bearer <METRICS_TOKEN>): HTTP requests, clock jobs and the process',
    response: { 'text/plain': z.string().describe('Prometheus text exposition format') },
    errors: ['NOT_FOUND', 'UNAUTHENTICATED'],
  })
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = this.config.METRICS_TOKEN;
    if (token === undefined || this.config.METRICS_PORT !== undefined) {
      throw new AppError('NOT_FOUND', 'Metrics are not served here 未提供');
    }
    if (!sameSecret(req.headers.authorization ?? '', `Bearer ${token}`)) {
      throw new AppError('UNAUTHENTICATED', 'Authorization: Bearer <METRICS_TOKEN> is required');
    }
    const { contentType, body } = await this.metrics.scrape();
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}

/** Constant-time comparison (no length oracle beyond the hash). */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
