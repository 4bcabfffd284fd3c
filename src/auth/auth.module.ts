import { Module } from '@nestjs/common';
import { ThrottlingModule } from '../throttling/throttling.module.js';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokens } from './access-token.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsRepository } from './sessions.repository.js';
import { TokenRevocations } from './token-revocations.js';
import { UsersRepository } from './users.repository.js';

/** Login, token refresh and the global guard that makes every route need a token. */
@Module({
  imports: [ThrottlingModule],
  providers: [
    AccessTokens,
    AuthService,
    PasswordHasher,
    SessionsRepository,
    UsersRepository,
    TokenRevocations,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  controllers: [AuthController],
  exports: [UsersRepository, PasswordHasher, AuthService],
})
export class AuthModule {}
