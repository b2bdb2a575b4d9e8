import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from '../context/request-context.js';
import { ErrorCode } from '../context/errors.js';
import { RETRY_AFTER_SECONDS } from '../db/availability.js';
import { createErrorFormatter, databaseAwayIn, logInternalErrors } from './format-error.js';
import { stringifyResult } from './compiled/answers.js';
import { jitGateway } from './jit-executor.js';
import { queryLimits } from './limits.js';

export interface GraphQLServerOptions {
  production: boolean;
  development: boolean;
  /** Requests of an operation executed by graphql-js before graphql-jit compiles it (src/graphql/jit-executor.ts). */
  compileAfter: number;
}

export function createApolloServer(schema: GraphQLSchema, options: GraphQLServerOptions) {
  const limits = queryLimits(schema, options.production);
  return new ApolloServer<RequestContext>({
    gateway: jitGateway(schema, options.compileAfter),
    introspection: true,
    // A query PostgreSQL answered whole goes out as the JSON text it wrote (src/graphql/compiled/answers.ts).
    stringifyResult,
    // The platform drains requests and stops Apollo itself (src/cli/start.ts); a second, concurrent stop hangs.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: options.development,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: createErrorFormatter({ development: options.development }),
    plugins: [
      ...limits.plugins,
      // Browsers get our own GraphiQL page (src/http/graphiql.ts): Apollo's loads from CDNs.
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used; Apollo's default plugin would still hook every field.
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ contextValue, operation, operationName }) {
              contextValue.outcome.writes = operation?.operation === 'mutation';
              contextValue.outcome.operationName = operationName;
            },
            async didEncounterErrors({ contextValue, errors }) {
              contextValue.outcome.failed = true;
              contextValue.outcome.databaseAway ??= databaseAwayIn(errors);
              logInternalErrors(errors, contextValue.logger);
            },
            async willSendResponse({ contextValue, response }) {
              if (response.body.kind !== 'single') return;
              const result = response.body.singleResult;
              contextValue.outcome.errorCode = result.errors?.[0]?.extensions?.code as string | undefined;
              // Refused before it ran by a plugin (a limit, a query that does not parse), a request is
              // answered 500 by Apollo unless the error says otherwise: the client's mistake is a 400.
              if (response.http.status === 500 && result.errors?.every((error) => error.extensions?.code === ErrorCode.BAD_USER_INPUT)) {
                response.http.status = 400;
              }
              if (result.errors?.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) {
                response.http.status = 503;
                response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
              }
              // A mutation that failed anywhere is rolled back whole: none of its fields' results stand.
              if (contextValue.outcome.writes && contextValue.outcome.failed) result.data = null;
            },
          };
        },
      },
    ],
  });
}
