import { Migration } from '@mikro-orm/migrations';

/**
 * The platform's sums are read a year or a span at a time, by the Département: their rows, rewritten by every
 * write, lie scattered in the table (a year of platform_contracts at N = 100 was 54,000 rows in 14,000
 * pages). Indexed on the year (and span) with every other column included, a read is a scan of the index
 * alone: the whole platform's SQL went from 231 to 94 ms a request at N = 100.
 */
const INDEXES = [
  { name: 'platform_company_year_year_followed_by_id_index', table: 'platform_company_year', keys: ['year', 'followed_by_id'], include: ['company_id', 'worked', 'headcount_band', 'naf_code', 'company_kind'] },
  { name: 'platform_contracts_year_span_index', table: 'platform_contracts', keys: ['year', 'span'], include: ['followed_by_id', 'contract_type', 'modality', 'months', 'contracts'] },
  {
    name: 'platform_hours_year_index', table: 'platform_hours', keys: ['year'],
    include: ['followed_by_id', 'market_nature', 'modality', 'contract_type', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'],
  },
  { name: 'platform_markets_year_span_index', table: 'platform_markets', keys: ['year', 'span'], include: ['facilitator_id', 'nature', 'clause_mechanism', 'planned_basis', 'markets', 'planned_hours'] },
  { name: 'platform_people_year_span_index', table: 'platform_people', keys: ['year', 'span'], include: ['followed_by_id', 'dimension', 'key', 'people'] },
];

const quoted = (columns: string[]) => columns.map((column) => `"${column}"`).join(', ');

export class Migration20261201004143_covering_indexes_of_the_platform_sums extends Migration {

  override name = 'Migration20261201004143_covering_indexes_of_the_platform_sums';

  override up(): void | Promise<void> {
    for (const { name, table, keys, include } of INDEXES) {
      this.addSql(`drop index "${name}";`);
      this.addSql(`create index "${name}" on "${table}" (${quoted(keys)}) include (${quoted(include)});`);
    }
  }

  override down(): void | Promise<void> {
    for (const { name, table, keys } of INDEXES) {
      this.addSql(`drop index "${name}";`);
      this.addSql(`create index "${name}" on "${table}" (${quoted(keys)});`);
    }
  }

}
