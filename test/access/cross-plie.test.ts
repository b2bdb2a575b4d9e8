import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { PlacementsDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('a person followed by one PLIE, placed on a market another PLIE facilitates', () => {
  it('shows the placement to the PLIE that follows the person, without the market it may not read', async () => {
    const [row] = await sql<{ placement_id: string; email: string }>(
      `select p.id as placement_id, u.email
         from placement p join beneficiary b on b.id = p.beneficiary_id join market m on m.id = p.market_id
         join membership ms on ms.organisation_id = b.followed_by_id and ms.active and ms.role = 'VIEWER' join app_user u on u.id = ms.user_id
        where m.facilitator_id <> b.followed_by_id and m.buyer_id <> b.followed_by_id
          and (select count(*) from membership x where x.user_id = u.id and x.active) = 1
        limit 1`,
    );
    const response = await execute(api.url, PlacementsDocument, { first: 500 }, { token: await tokenFor(row!.email) });
    expect(response.errors).toBeUndefined();
    const placement = response.data!.placements.nodes.find((node) => node.id === toGlobalId('Placement', row!.placement_id));
    expect(placement).toBeDefined();
    expect(placement!.market).toBeNull();
  });
});
