/**
 * The rows a spreadsheet names by their natural keys (companies by SIRET, markets by reference, QPVs by
 * code, lots by number), looked up once per batch for the values not seen yet and kept for the next
 * batches: there are few of them, whatever the number of lines.
 */
import { numbered, scope } from '../../access/can.js';
import type { Viewer } from '../../context/request-context.js';
import type { Sql } from '../../db/raw-sql.js';
import { normalizeLabel } from '../../reporting/labels.js';
import { sameCommune } from '../../reporting/rules.js';

export interface MarketRef {
  id: string;
  buyerSiret: string | null;
  startDate: string | null;
  endDate: string | null;
}

export interface QpvRef {
  id: string;
  name: string;
  commune: string;
}

/** The quartiers prioritaires, all of them (a few hundred): named in a file by their code, or by their name. */
class QpvDirectory {
  /** By normalised code and by normalised name. */
  private byKey: Map<string, QpvRef[]> | null = null;

  constructor(private readonly sql: Sql) {}

  async load(): Promise<void> {
    if (this.byKey) return;
    this.byKey = new Map();
    for (const qpv of await this.sql<QpvRef & { code: string | null; name: string }>('select id, code, name, commune from qpv')) {
      for (const key of new Set([qpv.code, qpv.name].filter((text) => text !== null).map(normalizeLabel))) {
        this.byKey.set(key, [...(this.byKey.get(key) ?? []), qpv]);
      }
    }
  }

  /** By code, else by name: in the commune when two quartiers share a name. */
  find(codeOrName: string, commune: string): QpvRef | null {
    const candidates = this.byKey!.get(normalizeLabel(codeOrName)) ?? [];
    return candidates.find((qpv) => sameCommune(qpv.commune, commune)) ?? candidates[0] ?? null;
  }
}

/** Values looked up by key; a key that matched nothing is remembered as such. */
class Lookup<T> {
  private readonly known = new Map<string, T | null>();

  constructor(private readonly fetch: (keys: string[]) => Promise<[string, T][]>) {}

  async load(keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((key) => !this.known.has(key));
    if (!missing.length) return;
    for (const key of missing) this.known.set(key, null);
    for (const [key, value] of await this.fetch(missing)) this.known.set(key, value);
  }

  get(key: string): T | null {
    return this.known.get(key) ?? null;
  }
}

function groupBy<T>(rows: T[], key: (row: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return [...groups];
}

/**
 * The markets a PLIE's file may name: those it reads (the markets it facilitates), and those the people it
 * follows are placed on, whoever facilitates them: it writes their placements and hours. Row-level security hides
 * the latter, so they are named through app_followed_people_markets(), as the export names them.
 */
function nameableMarkets(viewer: Viewer, firstParam: number) {
  const readable = numbered(scope(viewer, 'market', 'm'), firstParam);
  return {
    sql: `(select m.id, m.reference, o.siret as buyer_siret, m.start_date, m.end_date
             from market m join organisation o on o.id = m.buyer_id where ${readable.sql}
           union select id, reference, buyer_siret, start_date, end_date from app_followed_people_markets())`,
    params: readable.params,
  };
}

export class References {
  readonly companies: Lookup<string>;
  readonly qpvs: QpvDirectory;
  /** All markets of a reference the PLIE may place people on: several when two buyers use the same reference. */
  readonly markets: Lookup<MarketRef[]>;
  /** Lots by "marketId:number". */
  readonly lots: Lookup<string>;

  constructor(sql: Sql, viewer: Viewer) {
    this.companies = new Lookup(async (sirets) =>
      (await sql<{ siret: string; id: string }>('select siret, id from company where siret = any($1::text[])', [sirets])).map((row) => [row.siret, row.id]));
    this.qpvs = new QpvDirectory(sql);
    this.markets = new Lookup(async (references) => {
      const nameable = nameableMarkets(viewer, 2);
      const rows = await sql<MarketRef & { reference: string }>(
        `select m.reference, m.id, m.buyer_siret as "buyerSiret", to_char(m.start_date, 'YYYY-MM-DD') as "startDate", to_char(m.end_date, 'YYYY-MM-DD') as "endDate"
           from ${nameable.sql} m
          where m.reference = any($1::text[])`,
        [references, ...nameable.params],
      );
      return groupBy(rows, (row) => row.reference);
    });
    this.lots = new Lookup(async (keys) => {
      const pairs = keys.map((key) => key.split(':'));
      const wanted = 'unnest($1::uuid[], $2::int[]) as wanted(market_id, number)';
      const rows = await sql<{ key: string; id: string }>(
        `select l.market_id || ':' || l.number as key, l.id from lot l join ${wanted} using (market_id, number)
         union select l.market_id || ':' || l.number, l.id from app_followed_people_lots() l join ${wanted} using (market_id, number)`,
        [pairs.map(([market]) => market), pairs.map(([, number]) => Number(number))],
      );
      return rows.map((row) => [row.key, row.id]);
    });
  }
}
