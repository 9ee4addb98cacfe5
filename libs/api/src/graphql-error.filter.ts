import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';

/**
 * Whatever a resolver throws goes to Apollo as is: a typed GraphQLError is an answer to the
 * client (bad input, a rule, a conflict), anything else a fault, and Apollo's formatError
 * (maskError) logs each once, the answer as one WARN line, the fault at ERROR with its
 * stack. Without this, Nest's own handler logged every fault a second time, and a client's
 * error that is not a GraphQLError as a fault. Other routes (health, metrics) keep Nest's
 * handling.
 */
@Catch()
export class GraphQLErrorFilter extends BaseExceptionFilter implements GqlExceptionFilter {
  override catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return error;
    return super.catch(error, host);
  }
}
