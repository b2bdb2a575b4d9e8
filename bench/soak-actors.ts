/** Who the soak acts as, found in the demo data as the owner: PLIE editors who write, and readers of three kinds. */
import { loadOrCreateDatabaseSecrets } from '../src/db/secrets.js';
import { loadOrCreateDevSigningKey } from '../src/auth/dev-signing-key.js';
import { signDevToken } from '../src/auth/tokens.js';
import { DATABASE_NAME, OWNER_ROLE, withClient } from '../src/db/roles.js';
import { toGlobalId } from '../src/graphql/relay/global-id.js';

export interface Actor {
  /** "PLIE editor", "buyer", "Département". */
  label: string;
  email: string;
  token: string;
}

/** A PLIE editor and what its writes need: a market it facilitates that covers the whole of `year`, and two employers. */
export interface Writer extends Actor {
  marketId: string;
  year: number;
  companyIds: [string, string];
}

export interface Cast {
  writers: Writer[];
  readers: Actor[];
  /** The Calais NPNRU charter, whose indicators are read. */
  charterId: string;
  /** The year of the writers' placements, and of the indicators read. */
  year: number;
}

/** The owner's connection to the embedded PostgreSQL that `npm start` runs on `dataDir`. */
export async function ownerUrlOf(dataDir: string, postgresPort: number): Promise<string> {
  const { ownerPassword } = await loadOrCreateDatabaseSecrets(dataDir);
  return `postgres://${OWNER_ROLE}:${encodeURIComponent(ownerPassword)}@127.0.0.1:${postgresPort}/${DATABASE_NAME}`;
}

/** Users with one active membership only, so that their token acts for that organisation without choosing. */
const SINGLE_MEMBERSHIP = '(select count(*) from membership x where x.user_id = u.id and x.active) = 1';

export async function findCast(ownerUrl: string, dataDir: string, writerCount: number): Promise<Cast> {
  const key = await loadOrCreateDevSigningKey(dataDir);
  const tokenOf = (email: string) => signDevToken(key, { sub: email, email });
  return withClient(ownerUrl, async (client) => {
    const { rows: [charter] } = await client.query<{ id: string }>("select id from charter where name ilike '%Calais%' order by name limit 1");
    if (!charter) throw new Error('the demo data lacks the Calais charter');
    // Readers on the charter first: the first writer also reads its indicators, and so does the buyer.
    const onCharter = (parameter: string) =>
      `(o.id in (select coordinator_id from charter where id = ${parameter}) or o.id in (select organisation_id from charter_signatory where charter_id = ${parameter}))`;
    const { rows: editors } = await client.query<{ email: string; market: string; year: number }>(
      `select * from (
         select distinct on (ms.organisation_id) u.email, ${onCharter('$2')} as on_charter, m.id as market, extract(year from m.start_date)::int + 1 as year
           from membership ms join app_user u on u.id = ms.user_id join organisation o on o.id = ms.organisation_id and o.kind = 'PLIE'
           join market m on m.facilitator_id = ms.organisation_id and m.end_date >= make_date(extract(year from m.start_date)::int + 1, 12, 31)
          where ms.role = 'EDITOR' and ms.active and ${SINGLE_MEMBERSHIP}
          order by ms.organisation_id, u.email, m.start_date desc, m.reference) editors
        order by on_charter desc, email limit $1`,
      [writerCount, charter.id],
    );
    if (editors.length < writerCount) throw new Error(`the demo data has ${editors.length} PLIE editors with a market covering a whole year, ${writerCount} wanted`);
    const { rows: companies } = await client.query<{ id: string }>('select id from company order by siret limit 2');
    if (companies.length < 2) throw new Error('the demo data has fewer than two companies');
    const { rows: [buyer] } = await client.query<{ email: string }>(
      `select u.email from membership ms join app_user u on u.id = ms.user_id join organisation o on o.id = ms.organisation_id
        where ms.active and o.kind = 'BAILLEUR' and ${SINGLE_MEMBERSHIP} and exists (select 1 from market m where m.buyer_id = o.id)
        order by ${onCharter('$1')} desc, u.email limit 1`,
      [charter.id],
    );
    const { rows: [departement] } = await client.query<{ email: string }>(
      `select u.email from membership ms join app_user u on u.id = ms.user_id join organisation o on o.id = ms.organisation_id
        where ms.active and o.kind = 'DEPARTEMENT' and ${SINGLE_MEMBERSHIP} order by ms.role = 'VIEWER' desc, u.email limit 1`,
    );
    if (!buyer || !departement) throw new Error('the demo data lacks a landlord buyer or a member of the Département');

    const writers = await Promise.all(editors.map(async (editor): Promise<Writer> => ({
      label: 'PLIE editor', email: editor.email, token: await tokenOf(editor.email),
      marketId: toGlobalId('Market', editor.market), year: editor.year,
      companyIds: [toGlobalId('Company', companies[0]!.id), toGlobalId('Company', companies[1]!.id)],
    })));
    const readers: Actor[] = [
      writers[0]!,
      { label: 'buyer', email: buyer.email, token: await tokenOf(buyer.email) },
      { label: 'Département', email: departement.email, token: await tokenOf(departement.email) },
    ];
    return { writers, readers, charterId: toGlobalId('Charter', charter.id), year: writers[0]!.year };
  });
}
