/**
 * Writes through the API, over HTTP as a client would, by the editors of every party to one situation: a person
 * followed by one PLIE, placed on a market another PLIE facilitates and a buyer buys; and the Département, the
 * État, a PLIE and a buyer with nothing to do with it. Who may write what is the domain's (README, "Reporting";
 * docs/domain.md §4): a refused write answers NOT_FOUND or FORBIDDEN and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  ChangeMemberRoleDocument, CreateApiKeyDocument, DeactivateMemberDocument, InviteMemberDocument, RevokeApiKeyDocument,
  CreateMarketDocument, CreatePlacementDocument, RecordExitDocument, RegisterBeneficiaryDocument, ReportHoursDocument,
  UpdateBeneficiaryDocument, UpdateMarketDocument, UpdatePlacementDocument, type MarketFields,
} from '../generated/graphql.js';
import { execute, startTestApi, tokenFor, type GraphQLResponse } from '../support/api.js';
import { sql } from '../support/sql.js';
import { expectedRows, tablesAndKeys } from './oracle.js';
import { apiKeyReaders, demoReaders, onePerKind, tokenOf, type Reader } from './readers.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** A placement with hours of a person one PLIE follows, on a market another PLIE facilitates, whose three parties have editors. */
const [situation] = await sql<{
  placement: string; placement_version: number; person: string; person_version: number; commune: string; market: string; market_version: number;
  object: string; month: string; hours: string; start: string; company: string; follower: string; facilitator: string; buyer: string;
}>(
  `select p.id as placement, p.version as placement_version, b.id as person, b.version as person_version, b.residence_commune as commune,
          m.id as market, m.version as market_version, m.object, to_char(h.month, 'YYYY-MM-DD') as month, h.hours::text as hours,
          to_char(greatest(p.start_date, m.start_date), 'YYYY-MM-DD') as start, p.company_id as company,
          b.followed_by_id as follower, m.facilitator_id as facilitator, m.buyer_id as buyer
     from placement p join beneficiary b on b.id = p.beneficiary_id join market m on m.id = p.market_id
     join monthly_hours h on h.placement_id = p.id
    where m.facilitator_id <> b.followed_by_id and m.buyer_id <> b.followed_by_id and p.end_date is null
    order by p.id, h.month desc limit 1`,
);
const editors = await demoReaders(['EDITOR']);
const editorOf = (organisationId: string) => editors.find((editor) => editor.organisationId === organisationId)!;
const involved = new Set([situation!.follower, situation!.facilitator, situation!.buyer]);
const outsider = (kind: string) => editors.find((editor) => editor.kind === kind && !involved.has(editor.organisationId))!;
const PARTIES: [string, Reader][] = [
  ['the PLIE that follows the person', editorOf(situation!.follower)],
  ['the PLIE that facilitates the market', editorOf(situation!.facilitator)],
  ['the buyer of the market', editorOf(situation!.buyer)],
  ['the Département', outsider('DEPARTEMENT')],
  ['the État', outsider('ETAT')],
  ['a PLIE with no part in it', outsider('PLIE')],
  ['a buyer with no part in it', outsider('BAILLEUR')],
];

/** The rows a refused write must leave as they were. */
const snapshot = () => sql(
  `select (select json_build_array(version, weekly_hours) from placement where id = $1) as placement,
          (select json_agg(json_build_array(month, hours, version) order by month) from monthly_hours where placement_id = $1) as hours,
          (select json_build_array(version, residence_commune) from beneficiary where id = $2) as person,
          (select count(*) from placement where beneficiary_id = $2) as placements,
          (select count(*) from beneficiary_exit where beneficiary_id = $2) as exits,
          (select json_build_array(version, object) from market where id = $3) as market`,
  [situation!.placement, situation!.person, situation!.market],
);

/** Refused: NOT_FOUND, FORBIDDEN, or the ids named answered as unknown (as a missing row would be). */
const outcome = (response: GraphQLResponse<unknown>) => {
  const error = response.errors?.[0];
  if (!error) return 'written';
  const problems = (error.extensions.problems ?? []) as { code: string }[];
  const unknown = error.extensions.code === 'BAD_USER_INPUT' && problems.length > 0 && problems.every((problem) => problem.code === 'UNKNOWN');
  return ['NOT_FOUND', 'FORBIDDEN'].includes(error.extensions.code) || unknown ? 'refused' : `answered ${error.extensions.code}: ${error.message}`;
};

const id = (type: string, databaseId: string) => toGlobalId(type, databaseId);
const s = situation!;

/** Each write, and the parties the domain lets make it. */
/** `open`: parties the domain leaves undecided here, not checked. */
const WRITES: { what: string; allowed: string[]; open?: string[]; write: (token: string, party: number) => Promise<GraphQLResponse<unknown>> }[] = [
  {
    what: 'change the placement (placements: the PLIE that follows the person or the PLIE that facilitates the market)',
    allowed: ['the PLIE that follows the person', 'the PLIE that facilitates the market'],
    write: async (token) => {
      const [current] = await sql<{ version: number; weekly_hours: string }>('select version, weekly_hours from placement where id = $1', [s.placement]);
      return execute(api.url, UpdatePlacementDocument, { input: { id: id('Placement', s.placement), version: current!.version, fields: { weeklyHours: Number(current!.weekly_hours) } } }, { token });
    },
  },
  {
    what: "report the placement's hours of a month again (hours: the same two PLIEs)",
    allowed: ['the PLIE that follows the person', 'the PLIE that facilitates the market'],
    write: (token) => execute(api.url, ReportHoursDocument, { input: { placementId: id('Placement', s.placement), month: s.month, hours: Number(s.hours) } }, { token }),
  },
  {
    what: 'place the person again on the market (placing is the follower\'s, and the follower here names a market it may not read)',
    allowed: [],
    open: ['the PLIE that follows the person'],
    write: (token, party) => execute(api.url, CreatePlacementDocument, {
      fields: {
        beneficiaryId: id('Beneficiary', s.person), marketId: id('Market', s.market), companyId: id('Company', s.company), contractType: 'CDD',
        modality: 'DIRECT_HIRE', startDate: new Date(Date.parse(s.start) + (party + 1) * 86_400_000 * 3).toISOString().slice(0, 10), weeklyHours: 20,
      },
    }, { token }),
  },
  {
    what: 'change the person (people: the PLIE that follows them)',
    allowed: ['the PLIE that follows the person'],
    write: async (token) => {
      const [current] = await sql<{ version: number }>('select version from beneficiary where id = $1', [s.person]);
      return execute(api.url, UpdateBeneficiaryDocument, { input: { id: id('Beneficiary', s.person), version: current!.version, fields: { residenceCommune: s.commune } } }, { token });
    },
  },
  {
    what: "record the person's exit (exits: the PLIE that follows the person, checked below on a person of its own)",
    allowed: [],
    open: ['the PLIE that follows the person'],
    write: (token) => execute(api.url, RecordExitDocument, { input: { beneficiaryId: id('Beneficiary', s.person), exitDate: '2026-01-15', outcome: 'CDI' } }, { token }),
  },
  {
    what: 'change the market (markets: their buyer)',
    allowed: ['the buyer of the market'],
    write: async (token) => {
      const [current] = await sql<{ version: number }>('select version from market where id = $1', [s.market]);
      return execute(api.url, UpdateMarketDocument, { input: { id: id('Market', s.market), version: current!.version, fields: { object: s.object } } }, { token });
    },
  },
];

describe('writes on a person followed by one PLIE and placed on a market another PLIE facilitates', () => {
  it('has its parties: two PLIEs and a buyer, each with an editor', () => {
    expect(PARTIES.every(([, editor]) => editor !== undefined)).toBe(true);
    expect([PARTIES[0]![1].kind, PARTIES[1]![1].kind]).toEqual(['PLIE', 'PLIE']);
  });

  describe.each(WRITES.map((write) => [write.what, write] as const))('%s', (_, write) => {
    const parties = PARTIES.map(([party, editor], index) => [party, editor, index] as const).filter(([party]) => !write.open?.includes(party));
    it.each(parties)('by %s', async (party, editor, index) => {
      const before = await snapshot();
      const response = await write.write(await tokenFor(editor.email!), index);
      const allowed = write.allowed.includes(party);
      expect([party, outcome(response)]).toEqual([party, allowed ? 'written' : 'refused']);
      if (!allowed) expect(await snapshot()).toEqual(before);
    });
  });

  it('lets the PLIE that follows a person record their exit', async () => {
    const token = await tokenFor(editorOf(s.follower).email!);
    const registered = await execute(api.url, RegisterBeneficiaryDocument, {
      fields: { lastName: 'Sortie', firstName: 'Test', birthDate: '1990-01-01', sex: 'FEMALE', entryDate: '2025-01-01', residenceCommune: 'Calais', qualificationLevel: 'LEVEL_3' },
    }, { token });
    expect(registered.errors).toBeUndefined();
    const exit = await execute(api.url, RecordExitDocument, { input: { beneficiaryId: registered.data!.registerBeneficiary.id, exitDate: '2026-01-15', outcome: 'CDI' } }, { token });
    expect(outcome(exit)).toBe('written');
  });
});

describe('declaring markets', () => {
  const keys = tablesAndKeys();
  const market = (operationId?: string): MarketFields => ({
    reference: `ORACLE-${randomUUID().slice(0, 8)}`, object: 'Entretien des espaces verts', nature: 'SERVICES', clauseMechanism: 'EXECUTION_CONDITION',
    ...(operationId ? { operationId } : {}),
  });

  it.each(PARTIES.map(([party, editor]) => [party, editor] as const))('by %s: only an organisation that buys, and only of an operation it may read', async (party, editor) => {
    const token = await tokenFor(editor.email!);
    const buys = ['DEPARTEMENT', 'BAILLEUR', 'VILLE', 'EPCI', 'REGION'].includes(editor.kind);
    expect([party, outcome(await execute(api.url, CreateMarketDocument, { fields: market() }, { token }))]).toEqual([party, buys ? 'written' : 'refused']);
    const readable = (await expectedRows(editor, await keys)).get('operation')!;
    const [hidden] = await sql<{ id: string }>('select id from operation where not (id = any($1::uuid[])) order by id limit 1', [[...readable]]);
    if (hidden) {
      const count = await sql('select count(*) from market');
      const foreign = await execute(api.url, CreateMarketDocument, { fields: market(id('Operation', hidden.id)) }, { token });
      expect([party, outcome(foreign)]).toEqual([party, 'refused']);
      expect(await sql('select count(*) from market')).toEqual(count);
    }
  });
});

/** An organisation's members and keys, to compare before and after. */
const administration = (organisationId: string) => sql(
  `select (select json_agg(json_build_array(id, role, active, version) order by id) from membership where organisation_id = $1) as members,
          (select json_agg(json_build_array(id, revoked_at) order by id) from api_key where organisation_id = $1) as keys`,
  [organisationId],
);

describe('administration (members and keys)', () => {
  it("is refused to an API key, even an ADMIN one, for its own organisation's members and keys, and changes nothing", async () => {
    const keys = (await apiKeyReaders(api, await onePerKind())).filter((reader) => reader.role === 'ADMIN');
    for (const key of keys) {
      const token = await tokenOf(key);
      const [member] = await sql<{ id: string }>(`select id from membership where organisation_id = $1 and active and role = 'VIEWER' order by id limit 1`, [key.organisationId]);
      const [other] = await sql<{ id: string }>('select id from api_key where organisation_id = $1 and id <> $2 and revoked_at is null order by id limit 1', [key.organisationId, key.apiKeyId]);
      const before = await administration(key.organisationId);
      const answers = [
        await execute(api.url, CreateApiKeyDocument, { input: { name: 'Clé créée par une clé', role: 'VIEWER' } }, { token }),
        await execute(api.url, RevokeApiKeyDocument, { id: id('ApiKey', other!.id) }, { token }),
        await execute(api.url, InviteMemberDocument, { input: { email: `cle-${randomUUID()}@test.demo`, displayName: 'Invité par une clé', role: 'VIEWER' } }, { token }),
        await execute(api.url, ChangeMemberRoleDocument, { input: { membershipId: id('Membership', member!.id), role: 'ADMIN' } }, { token }),
        await execute(api.url, DeactivateMemberDocument, { input: { membershipId: id('Membership', member!.id) } }, { token }),
      ];
      expect([key.label, answers.map(outcome)]).toEqual([key.label, Array(answers.length).fill('refused')]);
      expect(await administration(key.organisationId)).toEqual(before);
    }
  });
});
