import fc from 'fast-check';
import { AGE_BANDING } from '../../src/domain/age.js';
import { bandOf, type Bands } from '../../src/domain/bands.js';
import { addDays } from '../../src/domain/dates.js';
import { plannedInsertionHours, type ClauseParameters } from '../../src/domain/planned-hours.js';
import { CONTRACT_MONTHS_BANDING, contractMonths } from '../../src/indicators/contract-duration.js';
import { bandSql } from '../../src/indicators/queries/sql.js';
import { sql } from '../support/sql.js';

/** Values as the market columns hold them: amounts and costs in cents, rates with four decimals. */
const cents = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((value) => value / 100);
const rate = fc.integer({ min: 0, max: 10_000 }).map((value) => value / 10_000);
const clause: fc.Arbitrary<ClauseParameters> = fc.record({
  amountHt: fc.option(cents(50_000_000)),
  labourRate: fc.option(rate),
  insertionRate: fc.option(rate),
  hourlyCost: fc.option(cents(200).map((cost) => cost + 0.01)),
  statedHours: fc.option(cents(100_000), { freq: 4 }),
});

/** Clauses whose exact planned hours end in .5, where rounding is decided. */
const HALVES: ClauseParameters[] = [
  { amountHt: 250, labourRate: 0.5, insertionRate: 0.1, hourlyCost: 1, statedHours: null },
  { amountHt: 1400, labourRate: 0.35, insertionRate: 0.15, hourlyCost: 1, statedHours: null },
  { amountHt: 0, labourRate: 0.35, insertionRate: 0.15, hourlyCost: 1, statedHours: null },
];

async function inSql(clauses: readonly ClauseParameters[]): Promise<{ hours: number | null; basis: string }[]> {
  const column = (key: keyof ClauseParameters) => clauses.map((c) => c[key]);
  const rows = await sql<{ hours: string | null; basis: string }>(
    `select app_planned_insertion_hours(s, a, l, i, c) as hours, app_planned_hours_basis(s, a, l, i, c) as basis
       from unnest($1::numeric[], $2::numeric[], $3::numeric[], $4::numeric[], $5::numeric[]) with ordinality as t(s, a, l, i, c, n) order by n`,
    [column('statedHours'), column('amountHt'), column('labourRate'), column('insertionRate'), column('hourlyCost')],
  );
  return rows.map((row) => ({ hours: row.hours === null ? null : Number(row.hours), basis: row.basis }));
}

/** Domain rules the indicator facts compute in SQL (migration placement_year_facts), held to their TypeScript. */
describe('planned hours in SQL (the market facts sum them)', () => {
  it('are plannedInsertionHours(), rounding included', async () => {
    const clauses = [...HALVES, ...fc.sample(clause, { numRuns: 3_000, seed: 20261130 })];
    expect(await inSql(clauses)).toEqual(clauses.map(plannedInsertionHours));
  });
});

/** Days from 2000-01-01 to the end of 2030, month ends included. */
const day = fc.integer({ min: 0, max: 11_322 }).map((offset) => addDays('2000-01-01', offset));
const MONTH_ENDS: [string, string][] = [['2024-01-31', '2024-02-28'], ['2024-01-31', '2024-02-29'], ['2024-01-01', '2024-06-30'], ['2023-08-31', '2024-02-29'], ['2024-03-15', '2024-03-14']];

describe('contract months in SQL (the placement years count contracts by length)', () => {
  it('are contractMonths(), month ends included', async () => {
    const pairs = [...MONTH_ENDS, ...fc.sample(fc.tuple(day, fc.integer({ min: 0, max: 2_000 })).map(([start, length]): [string, string] => [start, addDays(start, length)]),
      { numRuns: 3_000, seed: 20261130 })];
    const rows = await sql<{ months: number | null }>(
      `select app_contract_months(s, e) as months from unnest($1::date[], $2::date[]) with ordinality as t(s, e, n) order by n`,
      [pairs.map(([start]) => start), pairs.map(([, end]) => end)]);
    expect(rows.map((row) => row.months)).toEqual(pairs.map(([start, end]) => contractMonths(start, end)));
    expect((await sql<{ months: number | null }>('select app_contract_months(current_date, null) as months'))[0]!.months).toBeNull();
  });
});

describe('bands in SQL (the indicators band ages and contract lengths in their statements)', () => {
  const values = Array.from({ length: 151 }, (_, value) => value);
  it.each([['ages at entry', AGE_BANDING], ['contract months', CONTRACT_MONTHS_BANDING]] as const)('%s are bandOf(), null for null', async (_, banding: Bands<string>) => {
    const rows = await sql<{ band: string | null }>(
      `select ${bandSql(banding, 'v')} as band from unnest($1::int[]) with ordinality as t(v, n) order by n`, [[...values, null]]);
    expect(rows.map((row) => row.band)).toEqual([...values.map((value) => bandOf(banding, value)), null]);
  });
});
