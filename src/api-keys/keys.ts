/** The API keys an organisation's admins give their front-ends: created for one role, shown once, revoked at once. */
import { generateApiKey } from '../access/api-keys.js';
import { ApiKey, Organisation, type MembershipRole } from '../db/entities/index.js';
import type { ServiceContext } from '../context/request-context.js';
import { badInput, notFound } from '../context/errors.js';

export interface ApiKeyRequest {
  /** What the key is for, e.g. the name of the front-end. */
  name: string;
  role: MembershipRole;
}

/** A key of the acting organisation; its secret is in this answer only, the key keeps its hash. */
export async function createApiKey(ctx: ServiceContext, request: ApiKeyRequest): Promise<{ apiKey: ApiKey; secret: string }> {
  const { em, viewer } = ctx;
  const name = request.name.trim();
  if (!name || name.length > 100) throw badInput('Le nom de la clé doit compter de 1 à 100 caractères', { field: 'name', reason: 'INVALID_LENGTH' });
  const { key, prefix, secretHash } = generateApiKey();
  const apiKey = Object.assign(new ApiKey(), {
    organisation: em.getReference(Organisation, viewer.acting!.organisationId),
    role: request.role,
    name,
    prefix,
    secretHash,
    createdBy: viewer.userId ?? viewer.apiKey!.id,
  });
  await em.persist(apiKey).flush();
  return { apiKey, secret: key };
}

/** Stops the key (database id) at once; it stays listed as revoked. */
export async function revokeApiKey(ctx: ServiceContext, id: string): Promise<ApiKey> {
  const apiKey = await ctx.em.findOne(ApiKey, id);
  if (!apiKey) throw notFound('Clé d’API');
  apiKey.revokedAt ??= new Date();
  await ctx.em.flush();
  return apiKey;
}
