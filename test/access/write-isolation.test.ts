/**
 * Writes through row-level security alone: for writers of every served kind, each role and API keys, every
 * insert, update and delete the write oracle builds is tried as the application role, with the request's
 * session settings, in a transaction rolled back afterwards; what PostgreSQL does must be what the domain says.
 */
import { startTestApi } from '../support/api.js';
import { asActor, closeActorOrms, statements } from '../support/acting.js';
import { tablesAndKeys } from './oracle.js';
import { apiKeyReaders, demoReaders, onePerKind } from './readers.js';
import { writeTraces } from './traces.js';
import { attemptsOf, outcomeOf, type Attempt } from './write-oracle.js';

const keys = await tablesAndKeys();
const representatives = await onePerKind();
const represented = new Set(representatives.map((organisation) => organisation.organisationId));
const writers = await (async () => {
  const api = await startTestApi();
  try {
    await writeTraces(api);
    return [...(await demoReaders()).filter((reader) => represented.has(reader.organisationId)), ...await apiKeyReaders(api, representatives)];
  } finally {
    await api.close();
  }
})();

afterAll(() => closeActorOrms());

const tried: Attempt[] = [];

describe('row-level security alone', () => {
  it.each(writers.map((writer) => [writer.label, writer] as const))('lets %s write exactly what the domain allows', async (_, writer) => {
    const attempts = await attemptsOf(writer, keys);
    tried.push(...attempts);
    const wrong = await asActor('row-level security alone', writer, async (_sql, em) => {
      const run = statements(em);
      const found: string[] = [];
      for (const attempt of attempts) {
        const outcome = await outcomeOf(run, attempt);
        if (attempt.allowed !== undefined && (outcome === 'written') !== attempt.allowed) {
          found.push(`${attempt.table} ${attempt.action}, ${attempt.what}: ${outcome}, the domain says ${attempt.allowed ? 'allowed' : 'refused'}`);
        }
      }
      return found;
    });
    expect(wrong).toEqual([]);
  });

  it('tried, in every table, a write some writer may make and one some writer may not', () => {
    const decided = (allowed: boolean) => new Set(tried.filter((attempt) => attempt.allowed === allowed).map((attempt) => attempt.table));
    const everyTable = [...keys.keys()].sort();
    // Derived data is written by the platform alone; accounts by signing in and invitations (their rules are checked with those).
    const neverWritten = new Set(['app_user', 'audit_event', 'hours_fact', 'market_fact', 'exit_fact', 'placement_year_fact', 'platform_hours', 'platform_people',
      'platform_contracts', 'platform_company_year', 'platform_markets', 'platform_exits']);
    expect(everyTable.filter((table) => !decided(false).has(table))).toEqual([]);
    expect(everyTable.filter((table) => !neverWritten.has(table) && !decided(true).has(table))).toEqual([]);
  });
});
