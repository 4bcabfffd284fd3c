import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { type Actor, type AuthenticatedRequest, CurrentActor } from '../common/actor.js';
import { Endpoint } from '../common/endpoint.js';
import { loginSchema, refreshSchema, tokenPairSchema, userViewSchema } from './auth.schemas.js';
import { AuthService } from './auth.service.js';
import { Public } from './public.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @Endpoint({
    summary: 'Log in: a 15-minute access token and a rotating refresh token',
    status: 200,
    response: tokenPairSchema,
    errors: ['INVALID_CREDENTIALS', 'LOGIN_THROTTLED', 'RATE_LIMITED'],
  })
  login(@Body({ schema: loginSchema }) body: z.infer<typeof loginSchema>, @Req() req: AuthenticatedRequest) {
    return this.auth.login(body.username, body.password, req.ip ?? null);
  }

  @Post('refresh')
  @Public()
  @Endpoint({
    summary: 'Exchange a refresh token for a new pair; a replayed refresh token ends the session',
    status: 200,
    response: tokenPairSchema,
    errors: ['TOKEN_INVALID'],
  })
  refresh(
    @Body({ schema: refreshSchema }) body: z.infer<typeof refreshSchema>,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.auth.refresh(body.refreshToken, req.ip ?? null);
  }

  @Post('logout')
  @Endpoint({
    summary: 'End this session: its refresh token and access tokens stop working',
    status: 204,
    response: null,
  })
  async logout(@Req() req: AuthenticatedRequest & { sessionId?: string }): Promise<void> {
    if (req.sessionId) await this.auth.logout(req.sessionId);
  }

  @Get('me')
  @Endpoint({
    summary: 'The logged-in user, role and procuratorate',
    response: userViewSchema,
  })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor.id);
  }
}
