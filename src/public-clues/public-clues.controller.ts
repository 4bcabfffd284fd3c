import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { openApiSchema } from '../common/openapi.js';
import { parseInput } from '../common/validation.js';
import { publicClueSchema, trackingCodeSchema } from './public-clues.schemas.js';
import { PublicCluesService } from './public-clues.service.js';

@ApiTags('public')
@Controller('public/clues')
export class PublicCluesController {
  constructor(private readonly clues: PublicCluesService) {}

  @Post()
  @Public()
  @ApiOperation({ summary: '社会公众提交线索: no account needed; answers a tracking code to follow it with' })
  @ApiBody({ schema: openApiSchema(publicClueSchema) })
  @ApiResponse({ status: 201, description: '{ trackingCode, receivedAt }: keep the code, it is shown once' })
  submit(@Body() body: unknown) {
    return this.clues.submit(parseInput(publicClueSchema, body));
  }

  @Get(':trackingCode')
  @Public()
  @ApiOperation({ summary: 'Progress of a submitted clue: its stage only (received, in progress, closed)' })
  progress(@Param('trackingCode') code: string) {
    return this.clues.progress(parseInput(trackingCodeSchema, code, 'trackingCode'));
  }
}
