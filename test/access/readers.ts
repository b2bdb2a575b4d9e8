/** Who the isolation tests read and write as: demo users of every served organisation and role, and API keys. */
import type { Api } from '../../src/app.js';
import type { MembershipRole, OrganisationKind } from '../../src/db/entities/index.js';
import { parseGlobalId } from '../../src/graphql/relay/global-id.js';
import { CreateApiKeyDocument } from '../generated/graphql.js';
import type { Actor } from '../support/acting.js';
import { execute, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';
import { ROLES, SERVED_KINDS } from './oracle.js';

export interface Reader extends Actor {
  label: string;
  organisationName: string;
  /** A person's e-mail, for a token; null for an API key. */
  email: string | null;
  /** An API key's secret, sent as the bearer token. */
  secret: string | null;
}

/** The bearer token a client of this reader sends. */
export const tokenOf = async (reader: Reader) => reader.secret ?? tokenFor(reader.email!);

/**
 * For every organisation of a served kind and each role asked, a demo user who is an active member of that
 * organisation only (so that no X-Organisation is needed), in a stable order.
 */
export async function demoReaders(roles: readonly (typeof ROLES)[number][] = ROLES): Promise<Reader[]> {
  const rows = await sql<{ organisation_id: string; kind: OrganisationKind; name: string; role: MembershipRole; user_id: string; email: string }>(
    `select distinct on (o.id, m.role) o.id as organisation_id, o.kind, o.name, m.role, u.id as user_id, u.email
       from organisation o join membership m on m.organisation_id = o.id and m.active join app_user u on u.id = m.user_id
      where o.kind = any($1) and m.role = any($2) and u.email not like '%@test.demo'
        and (select count(*) from membership other where other.user_id = u.id and other.active) = 1
      order by o.id, m.role, u.email`,
    [SERVED_KINDS, roles],
  );
  return rows
    .map((row) => ({
      label: `${row.kind} ${row.name}, ${row.role} ${row.email}`, organisationName: row.name, organisationId: row.organisation_id, kind: row.kind,
      role: row.role, userId: row.user_id, apiKeyId: null, email: row.email, secret: null,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * One organisation of each served kind that has members: the one most tied to the data (markets bought or facilitated,
 * people followed, charters signed), so that its rules have rows to decide on.
 */
export async function onePerKind(): Promise<{ organisationId: string; kind: OrganisationKind; name: string }[]> {
  return sql(
    `select distinct on (o.kind) o.id as "organisationId", o.kind, o.name
       from organisation o
      where o.kind = any($1) and exists (select from membership m where m.organisation_id = o.id and m.active and m.role = 'ADMIN')
      order by o.kind,
        (select count(*) from market m where o.id in (m.buyer_id, m.facilitator_id))
        + (select count(*) from beneficiary b where b.followed_by_id = o.id)
        + (select count(*) from charter_signatory s where s.organisation_id = o.id) desc, o.name`,
    [SERVED_KINDS],
  );
}

/** API keys of every role for each of these organisations, created by its admin through the API as a partner would. */
export async function apiKeyReaders(api: Api, organisations: { organisationId: string }[]): Promise<Reader[]> {
  const admins = await demoReaders(['ADMIN']);
  const readers: Reader[] = [];
  for (const { organisationId } of organisations) {
    const admin = admins.find((reader) => reader.organisationId === organisationId)!;
    for (const role of ROLES) {
      const created = await execute(api.url, CreateApiKeyDocument, { input: { name: `Clé ${role} de test`, role } }, { token: await tokenOf(admin) });
      if (created.errors) throw new Error(JSON.stringify(created.errors));
      const { secret, apiKey } = created.data!.createApiKey;
      readers.push({
        ...admin, label: `${admin.kind} ${admin.organisationName}, API key ${role}`, role: role as MembershipRole, userId: null,
        apiKeyId: parseGlobalId(apiKey.id)!.id, email: null, secret,
      });
    }
  }
  return readers;
}
