import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, type AuthenticatedRequest, CurrentActor } from '../common/actor.js';
import { openApiSchema } from '../common/openapi.js';
import { parseInput } from '../common/validation.js';
import { loginSchema, refreshSchema } from './auth.schemas.js';
import { AuthService } from './auth.service.js';
import { Public } from './public.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: a 15-minute access token and a rotating refresh token' })
  @ApiBody({ schema: openApiSchema(loginSchema) })
  @ApiResponse({ status: 401, description: 'INVALID_CREDENTIALS' })
  @ApiResponse({ status: 429, description: 'LOGIN_THROTTLED' })
  login(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    const { username, password } = parseInput(loginSchema, body);
    return this.auth.login(username, password, req.ip ?? null);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair; a replayed refresh token ends the session',
  })
  @ApiBody({ schema: openApiSchema(refreshSchema) })
  @ApiResponse({ status: 401, description: 'TOKEN_INVALID' })
  refresh(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.auth.refresh(parseInput(refreshSchema, body).refreshToken, req.ip ?? null);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its refresh token and access tokens stop working' })
  async logout(@Req() req: AuthenticatedRequest & { sessionId?: string }) {
    if (req.sessionId) await this.auth.logout(req.sessionId);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in user, role and procuratorate' })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor.id);
  }
}
