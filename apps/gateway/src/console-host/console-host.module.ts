import { DynamicModule, Logger, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuthConfig, TOKEN_VERIFIER, TokenVerifier } from '@ledger/auth';
import { isProduction } from '@ledger/api';
import { consoleAuthFromEnv, resolveConsoleAuth } from './console-auth';
import { ConsoleFiles, consoleDirectories, NOT_BUILT } from './console-files';
import { CONSOLE_HOST, ConsoleHost, ConsoleHostMiddleware } from './console-host.middleware';
import { DevLogin } from './dev-login';

/**
 * The host's web side beside /graphql: the console at /, its assets, the explorer for a
 * browser at /graphql, GET /console/config.json and, in standalone development,
 * POST /auth/dev-login. Settings are read and checked when the module is made (before
 * anything opens) and the identity provider's discovery document is read while the
 * application starts: either failing stops the start.
 */
@Module({})
export class ConsoleHostModule implements NestModule {
  static forRoot(auth: AuthConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const setting = consoleAuthFromEnv(env, auth);
    const files = new ConsoleFiles(consoleDirectories(env));
    const explorer = !isProduction(env);
    return {
      module: ConsoleHostModule,
      providers: [
        {
          provide: CONSOLE_HOST,
          inject: [TOKEN_VERIFIER],
          useFactory: async (verifier: TokenVerifier): Promise<ConsoleHost> => {
            const logger = new Logger('Console');
            const consoleAuth = await resolveConsoleAuth(setting);
            if (
              consoleAuth.kind === 'oidc' &&
              auth.kind === 'jwks' &&
              consoleAuth.issuer !== auth.issuer
            )
              logger.warn(
                `CONSOLE_OIDC_ISSUER (${consoleAuth.issuer}) is not AUTH_ISSUER (${auth.issuer}): the API refuses tokens whose iss is not AUTH_ISSUER`,
              );
            const directory = files.directory();
            if (directory) logger.log(`console from ${directory}`);
            else logger.warn(`${NOT_BUILT} Looked in ${files.searched.join(', ')}.`);
            const devLogin =
              consoleAuth.kind === 'local' && consoleAuth.devLogin && auth.kind === 'local'
                ? new DevLogin(auth, verifier)
                : null;
            return { files, auth: consoleAuth, devLogin, explorer };
          },
        },
        ConsoleHostMiddleware,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Ahead of Apollo's own middleware, which GraphQLModule adds later, at module init.
    consumer.apply(ConsoleHostMiddleware).forRoutes('*');
  }
}
