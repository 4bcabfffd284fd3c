import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Public } from '../auth/public.decorator.js';
import { Endpoint } from '../common/endpoint.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus scrape endpoint, outside the `/api` prefix. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Public()
  @Endpoint({
    summary: 'Prometheus metrics: HTTP requests, clock jobs and the process',
    response: { 'text/plain': z.string().describe('Prometheus text exposition format') },
  })
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.scrape();
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}
