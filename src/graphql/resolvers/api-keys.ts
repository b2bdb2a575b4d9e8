import { Arg, Args, ArgsType, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { createApiKey, revokeApiKey } from '../../api-keys/keys.js';
import { ApiKey, MembershipRole } from '../../db/entities/index.js';
import type { RequestContext } from '../../context/request-context.js';
import { connectionComplexity, connectionType, PageArgs, paginate } from '../relay/connection.js';
import { expectGlobalId } from '../relay/global-id.js';
import { CreatedApiKeyNode } from '../types/administration.js';
import { ApiKeyNode } from '../types/organisation.js';

@InputType()
class CreateApiKeyInput {
  @Field({ description: 'What the key is for, e.g. the name of the front-end.' })
  name!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;
}

@ArgsType()
class ApiKeysArgs extends PageArgs {
  @Field(() => Boolean, { defaultValue: false })
  includeRevoked!: boolean;
}

const ApiKeyConnection = connectionType(ApiKeyNode, 'ApiKey');

@Resolver()
export class ApiKeyResolver {
  @Query(() => ApiKeyConnection, { complexity: connectionComplexity, description: "The acting organisation's API keys." })
  apiKeys(@Args() { includeRevoked, ...page }: ApiKeysArgs, @Ctx() { em, viewer }: RequestContext) {
    const where = { organisation: viewer.acting!.organisationId, ...(includeRevoked ? {} : { revokedAt: null }) };
    return paginate(em, ApiKey, where, { createdAt: 'desc' }, page);
  }

  @Mutation(() => CreatedApiKeyNode, { description: 'A key for the acting organisation with that role; the secret is shown only in this answer.' })
  async createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: RequestContext): Promise<CreatedApiKeyNode> {
    const { apiKey, secret } = await createApiKey(ctx, input);
    return { apiKey: apiKey as unknown as ApiKeyNode, secret };
  }

  @Mutation(() => ApiKeyNode, { description: 'Stops the key at once; it stays listed as revoked.' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return revokeApiKey(ctx, expectGlobalId(id, 'ApiKey'));
  }
}
