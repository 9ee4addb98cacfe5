import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthConfig } from './auth-config';
import { GraphQLAuthGuard, TOKEN_VERIFIER } from './graphql-auth.guard';
import { TokenVerifier } from './token-verifier';

/** Verifies tokens and guards every GraphQL root field of the process it is imported in. */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: TOKEN_VERIFIER, useFactory: () => TokenVerifier.create(config) },
        { provide: APP_GUARD, useClass: GraphQLAuthGuard },
      ],
      exports: [TOKEN_VERIFIER],
    };
  }
}
