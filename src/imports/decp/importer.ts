import { BUYER_KINDS } from '../../access/model.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordActor, toolActor } from '../../audit/audit-trail.js';
import { Award, Company, CompanyKind, Lot, Market, MarketStatus, Organisation, OrganisationKind } from '../../db/entities/index.js';
import { decpFields, draftChanges } from './draft-market.js';
import { readDecpFile } from './reader.js';
import { parseDecpMarket, screenRecord, type DecpMarket } from './record.js';
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

/** One run: records are taken one by one; companies are found by SIRET once per run (their ids are kept, not the rows). */
class ImportRun {
  readonly summary = emptySummary();
  private readonly companyIds = new Map<string, string>();

  constructor(private readonly em: EntityManager, private readonly buyers: Map<string, string>) {}

  async take(raw: unknown, position: number): Promise<void> {
    const { buyerSiret, clauseMechanism } = screenRecord(raw);
    if (clauseMechanism === null) return;
    this.summary.withSocialConsideration += 1;
    const buyerId = buyerSiret === null ? undefined : this.buyers.get(buyerSiret);
    if (buyerId === undefined) {
      this.summary.buyersNotOnPlatform += 1;
      return;
    }
    const record = parseDecpMarket(raw, position);
    this.summary.winnersWithoutSiret += record.otherWinners;
    await this.write(record, buyerId);
    await this.em.flush();
    // The rows written are not needed any more: the identity map stays small whatever the size of the file.
    this.em.clear();
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
    const run = new ImportRun(em, await buyersBySiret(em));
    const { summary } = run;
    for await (const entry of readDecpFile(path)) {
      if (entry.kind === 'concession') summary.concessions += 1;
      else await run.take(entry.record, (summary.read += 1));
      if ((summary.read + summary.concessions) % PROGRESS_EVERY === 0) options.onProgress?.(summary);
    }
    await (options.dryRun ? em.rollback() : em.commit());
    return summary;
  } catch (error) {
    await em.rollback();
    throw error;
  }
}
