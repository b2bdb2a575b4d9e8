import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MembershipRole, OrganisationKind } from '../db/entities/index.js';

/** Keys read `clk_<prefix>_<secret>`: the prefix finds the key, only the secret's hash is stored. */
const KEY_FORMAT = /^clk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export const isApiKey = (token: string) => token.startsWith('clk_');

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `clk_${prefix}_${secret}`, prefix, secretHash: hashOf(secret) };
}

export interface AuthenticatedKey {
  id: string;
  organisationId: string;
  kind: OrganisationKind;
  role: MembershipRole;
  name: string;
  prefix: string;
  createdAt: Date;
}

/** The key's organisation and role, or null when it is unknown, malformed or revoked. Stamps its use. */
export async function authenticateApiKey(em: EntityManager, key: string): Promise<AuthenticatedKey | null> {
  const match = KEY_FORMAT.exec(key);
  if (!match) return null;
  const [row] = await em.execute<KeyRow[]>(
    'select * from app_authenticate_api_key(?, ?)',
    [match[1], hashOf(match[2]!)],
  );
  return row ? authenticatedKey(row) : null;
}

/** A key by its id, unless revoked: a job it queued runs on its behalf while it stays valid. */
export async function activeApiKey(em: EntityManager, id: string): Promise<AuthenticatedKey | null> {
  const [row] = await em.execute<KeyRow[]>('select * from app_active_api_key(?)', [id]);
  return row ? authenticatedKey(row) : null;
}

type KeyRow = { id: string; organisation_id: string; organisation_kind: string; role: string; name: string; prefix: string; created_at: Date };

function authenticatedKey(row: KeyRow): AuthenticatedKey {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    kind: row.organisation_kind as OrganisationKind,
    role: row.role as MembershipRole,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
  };
}
