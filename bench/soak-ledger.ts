/**
 * Every write the API acknowledged during the soak, with the value it wrote, and the check afterwards,
 * as the owner, that the database holds each one with that value (the last acknowledged for each row).
 */
import { parseGlobalId } from '../src/graphql/relay/global-id.js';
import { withClient } from '../src/db/roles.js';

export interface PersonWritten {
  version: number;
  lastName: string;
  isBrsa: boolean;
  phone: string | null;
}

export interface PlacementWritten {
  version: number;
  weeklyHours: number;
  endDate: string;
}

export interface Discrepancy {
  /** "person", "placement" or "hours", with the database id (and month). */
  what: string;
  expected: unknown;
  found: unknown;
}

export interface LedgerCheck {
  checked: number;
  /** Acknowledged, but not in the database at all. */
  missing: Discrepancy[];
  /** In the database with another value than the last one acknowledged. */
  different: Discrepancy[];
}

const databaseId = (globalId: string) => {
  const parsed = parseGlobalId(globalId);
  if (!parsed) throw new Error(`the API acknowledged a write with the id "${globalId}", which is no global id`);
  return parsed.id;
};

/** Equal values, or objects whose every field is (whatever their order). */
function sameValue(expected: unknown, found: unknown): boolean {
  if (typeof expected !== 'object' || expected === null || typeof found !== 'object' || found === null) return expected === found;
  const fields = new Set([...Object.keys(expected), ...Object.keys(found)]);
  return [...fields].every((field) => (expected as Record<string, unknown>)[field] === (found as Record<string, unknown>)[field]);
}

/** Writes to one row come one after the other (one worker owns a person): the last acknowledgement is what the row must hold. */
export class Ledger {
  readonly people = new Map<string, PersonWritten>();
  readonly placements = new Map<string, PlacementWritten>();
  /** Key: placement id and month (YYYY-MM-01). */
  readonly hours = new Map<string, number>();
  acknowledged = 0;

  person(globalId: string, written: PersonWritten): void {
    this.people.set(databaseId(globalId), written);
    this.acknowledged += 1;
  }

  placement(globalId: string, written: PlacementWritten): void {
    this.placements.set(databaseId(globalId), written);
    this.acknowledged += 1;
  }

  monthlyHours(placementGlobalId: string, month: string, hours: number): void {
    this.hours.set(`${databaseId(placementGlobalId)} ${month}`, hours);
    this.acknowledged += 1;
  }

  async check(ownerUrl: string): Promise<LedgerCheck> {
    const result: LedgerCheck = { checked: this.people.size + this.placements.size + this.hours.size, missing: [], different: [] };
    const compare = <T>(what: string, expected: T, found: T | undefined) => {
      if (found === undefined) result.missing.push({ what, expected, found });
      else if (!sameValue(expected, found)) result.different.push({ what, expected, found });
    };
    await withClient(ownerUrl, async (client) => {
      const { rows: people } = await client.query<PersonWritten & { id: string }>(
        `select b.id, b.version, i.last_name as "lastName", b.is_brsa as "isBrsa", i.phone
           from beneficiary b join beneficiary_identity i on i.beneficiary_id = b.id where b.id = any($1::uuid[])`,
        [[...this.people.keys()]],
      );
      const peopleFound = new Map(people.map(({ id, ...row }) => [id, row]));
      for (const [id, expected] of this.people) compare(`person ${id}`, expected, peopleFound.get(id));

      const { rows: placements } = await client.query<PlacementWritten & { id: string }>(
        `select id, version, weekly_hours::float8 as "weeklyHours", to_char(end_date, 'YYYY-MM-DD') as "endDate"
           from placement where id = any($1::uuid[])`,
        [[...this.placements.keys()]],
      );
      const placementsFound = new Map(placements.map(({ id, ...row }) => [id, row]));
      for (const [id, expected] of this.placements) compare(`placement ${id}`, expected, placementsFound.get(id));

      const { rows: hours } = await client.query<{ key: string; hours: number }>(
        `select placement_id || ' ' || to_char(month, 'YYYY-MM-DD') as key, hours::float8 as hours
           from monthly_hours where placement_id = any($1::uuid[])`,
        [[...new Set([...this.hours.keys()].map((key) => key.split(' ')[0]!))]],
      );
      const hoursFound = new Map(hours.map((row) => [row.key, row.hours]));
      for (const [key, expected] of this.hours) compare(`hours ${key}`, expected, hoursFound.get(key));
    });
    return result;
  }
}
