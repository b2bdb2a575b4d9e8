import { BUYER_KINDS } from '../../access/model/rules.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordActor, toolActor } from '../../audit/audit-trail.js';
import { Award, Company, CompanyKind, Lot, Market, MarketStatus, Organisation, OrganisationKind } from '../../db/entities/index.js';
import { decpFields, draftChanges } from './draft-market.js';
import { LatestPublications } from './publication.js';
import { readDecpFile } from './reader.js';
import { DecpRecordError, parseDecpMarket, screenRecord, type DecpMarket } from './record.js';
import { emptySummary, type DecpImportSummary } from './summary.js';

export interface DecpImportOptions {
  /** Does everything, then rolls back: the summary tells what an import would do. */
  dryRun?: boolean;
  /** Called with each record the import cannot take (in French, naming the record): it is skipped, the others are imported. */
  onProblem?: (problem: string) => void;
  /** Called every PROGRESS_EVERY records read. */
  onProgress?: (summary: DecpImportSummary) => void;
}

/** The audit trail's request id of an import run starts with this (`decp-import:<uuid>`). */
export const DECP_IMPORT_TOOL = 'decp-import';
const PROGRESS_EVERY = 10_000;
/** The lot that holds the winners: the DECP describes no lots (each lot is published as a market of its own). */
const DECP_LOT = 1;

/** The one Département of the platform: the import works for it. */
async function departementId(em: EntityManager): Promise<string> {
  const departements = await em.find(Organisation, { kind: OrganisationKind.DEPARTEMENT }, { fields: ['id'] });
  if (departements.length !== 1) throw new Error(`L'import DECP travaille pour le Département : ${departements.length} organisations de ce type sur la plateforme`);
  return departements[0]!.id;
}

async function buyersBySiret(em: EntityManager): Promise<Map<string, string>> {
  // Only organisations that buy: a PLIE's or the État's SIRET in a DECP record makes no market of theirs.
  const buyers = await em.find(Organisation, { siret: { $ne: null }, kind: { $in: [...BUYER_KINDS] } }, { fields: ['id', 'siret'] });
  return new Map(buyers.map((buyer) => [buyer.siret!, buyer.id]));
}

/**
 * One run, in two steps. Reading: records are taken one by one, and of the markets of the platform's buyers
 * with a social consideration only the latest publication of each is kept (mapped, without the raw JSON).
 * Writing: the kept markets one by one; companies are found by SIRET once per run (their ids are kept, not
 * the rows).
 */
class ImportRun {
  readonly summary = emptySummary();
  private readonly latest = new LatestPublications<{ buyerId: string; record: DecpMarket }>();
  private readonly companyIds = new Map<string, string>();

  constructor(private readonly em: EntityManager, private readonly buyers: Map<string, string>, private readonly onProblem?: (problem: string) => void) {}

  read(raw: unknown, position: number): void {
    const { buyerSiret, clauseMechanism } = screenRecord(raw);
    if (clauseMechanism === null) return;
    this.summary.withSocialConsideration += 1;
    const buyerId = buyerSiret === null ? undefined : this.buyers.get(buyerSiret);
    if (buyerId === undefined) {
      this.summary.buyersNotOnPlatform += 1;
      return;
    }
    const record = this.parse(raw, position);
    if (record !== null && this.latest.offer(`${buyerId}/${record.id}`, record.publication, { buyerId, record })) this.summary.superseded += 1;
  }

  private parse(raw: unknown, position: number): DecpMarket | null {
    try {
      return parseDecpMarket(raw, position);
    } catch (error) {
      if (!(error instanceof DecpRecordError)) throw error;
      this.summary.rejected += 1;
      this.onProblem?.(error.message);
      return null;
    }
  }

  async writeAll(): Promise<void> {
    for (const { buyerId, record } of this.latest.values()) {
      this.summary.winnersWithoutSiret += record.otherWinners;
      await this.write(record, buyerId);
      await this.em.flush();
      // The rows written are not needed any more: the identity map stays small whatever the number of markets.
      this.em.clear();
    }
  }

  private async write(record: DecpMarket, buyerId: string): Promise<void> {
    const market = await this.em.findOne(Market, { buyer: buyerId, decpId: record.id }, { populate: ['lots.awards'] });
    if (!market) return this.create(record, buyerId);
    if (market.status !== MarketStatus.DRAFT) {
      this.summary.noLongerDraft += 1;
      return;
    }
    const changes = draftChanges(market, record);
    Object.assign(market, changes);
    const added = await this.addWinners(market, record);
    this.summary[Object.keys(changes).length || added ? 'updated' : 'unchanged'] += 1;
  }

  private async create(record: DecpMarket, buyerId: string): Promise<void> {
    if (await this.em.count(Market, { buyer: buyerId, reference: record.id })) {
      this.summary.referenceTaken += 1;
      return;
    }
    const market = Object.assign(new Market(), {
      buyer: this.em.getReference(Organisation, buyerId),
      reference: record.id,
      decpId: record.id,
      object: record.object,
      status: MarketStatus.DRAFT,
      clauseMechanism: record.clauseMechanism,
      ...decpFields(record),
    });
    this.em.persist(market);
    await this.addWinners(market, record);
    this.summary.created += 1;
  }

  /** Adds the winners the DECP lot lacks (never removes one: the buyer may have added a co-contractor). */
  private async addWinners(market: Market, record: DecpMarket): Promise<number> {
    let lot = market.lots.getItems().find((candidate) => candidate.number === DECP_LOT);
    if (!lot) {
      lot = Object.assign(new Lot(), { market, number: DECP_LOT, title: market.object });
      this.em.persist(lot);
    }
    const awarded = new Set(lot.awards.getItems().map((award) => award.company.id));
    let added = 0;
    for (const siret of record.winnerSirets) {
      const companyId = await this.companyId(siret);
      if (awarded.has(companyId)) continue;
      this.em.persist(Object.assign(new Award(), { lot, company: this.em.getReference(Company, companyId) }));
      added += 1;
    }
    return added;
  }

  private async companyId(siret: string): Promise<string> {
    const known = this.companyIds.get(siret) ?? (await this.em.findOne(Company, { siret }, { fields: ['id'] }))?.id;
    if (known) {
      this.companyIds.set(siret, known);
      return known;
    }
    const company = Object.assign(new Company(), { siret, kind: CompanyKind.ORDINARY });
    this.em.persist(company);
    this.companyIds.set(siret, company.id);
    this.summary.companiesCreated += 1;
    return company.id;
  }
}

/**
 * Imports a DECP file as draft markets, in one transaction (all or nothing), audited as the Département
 * through the `decp-import` tool actor. `em` must bypass row-level security (the owner's): the import
 * writes the markets of every buyer, which no organisation may do through the API.
 */
export async function importDecpFile(em: EntityManager, path: string, options: DecpImportOptions = {}): Promise<DecpImportSummary> {
  await em.begin();
  try {
    recordActor(em, toolActor(DECP_IMPORT_TOOL, await departementId(em)));
    const run = new ImportRun(em, await buyersBySiret(em), options.onProblem);
    const { summary } = run;
    for await (const entry of readDecpFile(path)) {
      if (entry.kind === 'concession') summary.concessions += 1;
      else run.read(entry.record, (summary.read += 1));
      if ((summary.read + summary.concessions) % PROGRESS_EVERY === 0) options.onProgress?.(summary);
    }
    await run.writeAll();
    await (options.dryRun ? em.rollback() : em.commit());
    return summary;
  } catch (error) {
    await em.rollback();
    throw error;
  }
}
