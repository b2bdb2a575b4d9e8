/**
 * A request counts only the figures it asks for (docs/indicators.md): each figure asked alone must be the
 * same as in the query that asks for every one, for every part (the whole, the viewer's share, each
 * signatory's), whether the counts are exact or protected.
 */
import { Kind, parse, print, type FieldNode, type FragmentDefinitionNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { CALAIS_CHARTER_NAME } from '../../seeds/demo/charters.js';
import { IndicatorsDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

let api: Api;
let charter: { id: string; coordinator_id: string };

beforeAll(async () => {
  api = await startTestApi();
  [charter] = (await sql<{ id: string; coordinator_id: string }>('select id, coordinator_id from charter where name = $1', [CALAIS_CHARTER_NAME])) as [typeof charter];
});
afterAll(() => api.close());

/** The first demo user with one active membership in an organisation `where` keeps. */
async function tokenOf(where: string, params: unknown[]): Promise<string> {
  const [row] = await sql<{ email: string }>(
    `select u.email from app_user u join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
      where ${where} and u.email not like '%@test.demo' and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
      order by o.name, u.email limit 1`, params);
  return tokenFor(row!.email);
}

/** Each figure of the test operations' fragment, with what it selects of it. */
const FIGURES = (IndicatorsDocument as unknown as { definitions: FragmentDefinitionNode[] }).definitions
  .find((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)!.selectionSet.selections as FieldNode[];

/** The query of one figure, for every part. */
function askingFor(figure: FieldNode): TypedDocumentNode<Record<string, unknown>, Record<string, unknown>> {
  const field = print(figure);
  return parse(`query One($scope: IndicatorScopeInput!, $period: PeriodInput!) {
    indicators(scope: $scope, period: $period) { total { ${field} } share { ${field} } bySignatory { organisationId indicators { ${field} } } }
  }`) as never;
}

interface Part { [figure: string]: unknown }
interface Report { total: Part; share: Part | null; bySignatory: { organisationId: string; indicators: Part }[] | null }

/** Each part's value of the figure, by part. */
const partsOf = (report: Report, figure: string) => ({
  total: report.total[figure],
  share: report.share?.[figure],
  bySignatory: report.bySignatory?.map(({ organisationId, indicators }) => [organisationId, indicators[figure]]),
});

describe('a figure asked alone', () => {
  const cases: [string, () => Promise<string>, () => { kind: string; id?: string }, object][] = [
    ['the coordinator, its charter (exact, each signatory)', () => tokenOf('o.id = $1', [charter.coordinator_id]), () => ({ kind: 'CHARTER', id: toGlobalId('Charter', charter.id) }), { semester: '2025-S1' }],
    ['a buyer that signed the charter (protected)', () => tokenOf(`o.kind = 'BAILLEUR' and o.id in (select organisation_id from charter_signatory where charter_id = $1)`, [charter.id]),
      () => ({ kind: 'CHARTER', id: toGlobalId('Charter', charter.id) }), { semester: '2025-S1' }],
    ['the Département, the whole platform and every PLIE, a year', () => tokenOf(`o.kind = 'DEPARTEMENT'`, []), () => ({ kind: 'EVERYTHING' }), { year: 2025 }],
    ['the Département, the whole platform, a month', () => tokenOf(`o.kind = 'DEPARTEMENT'`, []), () => ({ kind: 'EVERYTHING' }), { from: '2025-03-01', to: '2025-03-31' }],
  ];

  test.each(cases)('is what the query of every figure gives: %s', async (_, token, scope, period) => {
    const options = { token: await token() };
    const full = await execute(api.url, IndicatorsDocument, { scope: scope() as never, period }, options);
    expect(full.errors).toBeUndefined();
    const everyFigure = full.data!.indicators as unknown as Report;
    for (const figure of FIGURES) {
      const alone = await execute(api.url, askingFor(figure), { scope: scope(), period }, options);
      expect(alone.errors).toBeUndefined();
      const name = figure.name.value;
      expect([name, partsOf(alone.data!.indicators as Report, name)]).toEqual([name, partsOf(everyFigure, name)]);
    }
  });
});
