import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { Endpoint } from '../common/endpoint.js';
import {
  type PublicClueInput,
  publicClueReceiptSchema,
  publicClueSchema,
  publicProgressSchema,
  trackingCodeSchema,
} from './public-clues.schemas.js';
import { RateLimitPerAddress } from '../throttling/rate-limit.guard.js';
import { PublicCluesService } from './public-clues.service.js';
import { PublicSurface } from '../common/public-surface.js';

@ApiTags('public')
@Controller('public/clues')
@PublicSurface()
export class PublicCluesController {
  constructor(private readonly clues: PublicCluesService) {}

  @Post()
  @Public()
  @RateLimitPerAddress('clue_submit', 'RATE_LIMIT_CLUE_SUBMIT')
  @Endpoint({
    summary: '社会公众提交线索: no account needed; answers a tracking code to follow it with',
    response: publicClueReceiptSchema,
    errors: ['RATE_LIMITED'],
  })
  submit(@Body({ schema: publicClueSchema }) body: PublicClueInput) {
    return this.clues.submit(body);
  }

  @Get(':trackingCode')
  @Public()
  @RateLimitPerAddress('clue_lookup', 'RATE_LIMIT_CLUE_LOOKUP')
  @Endpoint({
    summary: 'Progress of a submitted clue: its stage only (received, in progress, closed)',
    response: publicProgressSchema,
    errors: ['NOT_FOUND', 'RATE_LIMITED'],
  })
  progress(@Param('trackingCode', { schema: trackingCodeSchema }) code: string) {
    return this.clues.progress(code);
  }
}
