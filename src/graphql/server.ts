import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from './context.js';
import { createErrorFormatter, logInternalErrors } from './format-error.js';
import { queryLimits } from './limits.js';

export function createApolloServer(schema: GraphQLSchema, options: { production: boolean; development: boolean }) {
  const limits = queryLimits(schema, options.production);
  return new ApolloServer<RequestContext>({
    schema,
    introspection: true,
    // The platform drains requests and stops Apollo itself (src/cli/start.ts); a second, concurrent stop hangs.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: options.development,
    validationRules: limits.validationRules,
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
            async didResolveOperation({ contextValue, operation }) {
              contextValue.outcome.writes = operation?.operation === 'mutation';
            },
            async didEncounterErrors({ contextValue, errors }) {
              contextValue.outcome.failed = true;
              logInternalErrors(errors, contextValue.logger);
            },
            // A mutation that failed anywhere is rolled back whole: none of its fields' results stand.
            async willSendResponse({ contextValue, response }) {
              if (contextValue.outcome.writes && contextValue.outcome.failed && response.body.kind === 'single') {
                response.body.singleResult.data = null;
              }
            },
          };
        },
      },
    ],
  });
}
