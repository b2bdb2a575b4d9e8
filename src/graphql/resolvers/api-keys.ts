import { Arg, Args, ArgsType, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from 'type-graphql';
import { generateApiKey } from '../../access/api-keys.js';
import { ApiKey, MembershipRole, Organisation } from '../../db/entities/index.js';
import type { RequestContext } from '../../context/request-context.js';
import { badInput, notFound } from '../../context/errors.js';
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
  async createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() { em, viewer }: RequestContext): Promise<CreatedApiKeyNode> {
    const name = input.name.trim();
    if (!name || name.length > 100) throw badInput('Le nom de la clé doit compter de 1 à 100 caractères', { field: 'name', reason: 'INVALID_LENGTH' });
    const { key, prefix, secretHash } = generateApiKey();
    const apiKey = Object.assign(new ApiKey(), {
      organisation: em.getReference(Organisation, viewer.acting!.organisationId),
      role: input.role,
      name,
      prefix,
      secretHash,
      createdBy: viewer.user?.id ?? viewer.apiKey!.id,
    });
    await em.persist(apiKey).flush();
    return { apiKey: apiKey as unknown as ApiKeyNode, secret: key };
  }

  @Mutation(() => ApiKeyNode, { description: 'Stops the key at once; it stays listed as revoked.' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() { em }: RequestContext) {
    const apiKey = await em.findOne(ApiKey, expectGlobalId(id, 'ApiKey'));
    if (!apiKey) throw notFound('Clé d’API');
    apiKey.revokedAt ??= new Date();
    await em.flush();
    return apiKey;
  }
}
