import { randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { RegisterBeneficiaryDocument, type BeneficiaryFields } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { excelCsv, facilitatedMarket, importFile, type Cell } from '../support/imports.js';
import { sql } from '../support/sql.js';

let api: Api;
let plie: { email: string; organisationId: string; token: string };
let market: { reference: string; buyer_siret: string; start_date: string; end_date: string | null };
let employer: string;

beforeAll(async () => {
  api = await startTestApi();
  ({ market, plie, employer } = await facilitatedMarket(6));
});
afterAll(() => api.close());

const frenchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const BIRTH = '1989-09-23';
const HEADER: Cell[] = ['Nom', 'Prénom', 'Date de naissance', 'Sexe', "Date d'entrée", 'Commune de résidence', 'BRSA', 'Niveau de qualification',
  'SIRET employeur', 'Référence du marché', 'SIRET acheteur', 'Date de début', 'Type de contrat', 'Modalité', 'Heures hebdomadaires'];

function line(lastName: string, firstName: string): Cell[] {
  return [lastName, firstName, frenchDate(BIRTH), 'Femme', frenchDate(market.start_date), 'Calais', 'non', 'Niveau 4 (Bac)',
    employer, market.reference, market.buyer_siret, frenchDate(market.start_date), 'CDD', 'Embauche directe', '20'];
}

/** Letters a to f only, so that names stay far from each other's but for the typos made on purpose. */
const letters = () => randomUUID().replace(/[^a-f]/g, '').padEnd(6, 'c').slice(0, 6);

async function registered(token: string, lastName: string): Promise<string> {
  const fields: BeneficiaryFields = {
    lastName, firstName: 'Anaïs', birthDate: BIRTH, sex: 'FEMALE', entryDate: market.start_date, residenceCommune: 'Calais',
    isBrsa: false, isDeld: false, isAse: false, isRqth: false, qualificationLevel: 'LEVEL_4',
  };
  const response = await execute(api.url, RegisterBeneficiaryDocument, { fields }, { token });
  expect(response.errors).toBeUndefined();
  return response.data!.registerBeneficiary.id;
}

describe('an import warning of a probable duplicate', () => {
  it('warns, in a dry run, of a line creating a person close to one the PLIE follows, and still accepts it', async () => {
    const name = `Lemarchand${letters()}`;
    const existing = await registered(plie.token, name);
    const typo = `${name.slice(0, -1)}x`;
    const job = await importFile(api.url, excelCsv([HEADER, line(typo, 'ANAIS'), line(`Autre${letters()}`, 'Anaïs')]), { token: plie.token, dryRun: true });
    expect(job).toMatchObject({ status: 'COMPLETED', dryRun: true, written: false, problemCount: 1, counts: { accepted: 2, refused: 0, beneficiariesCreated: 2 } });
    expect(job.problems).toEqual([expect.objectContaining({ row: 2, column: 'Nom', code: 'PROBABLE_DUPLICATE', existingId: existing })]);
    expect(job.problems[0]!.message).not.toContain(name);
  });

  it('lets an all-or-nothing import commit despite the warning, and says nothing of the same person or of another PLIE’s', async () => {
    const name = `Delacroix${letters()}`;
    const existing = await registered(plie.token, name);
    const elsewhere = `Vandamme${letters()}`;
    await registered(await tokenFor(plie.email === 'editor@amie-boulonnais.demo' ? 'editor@fabrique-defi.demo' : 'editor@amie-boulonnais.demo'), elsewhere);
    const typo = `${name.slice(0, -2)}xx`;
    const file = excelCsv([HEADER, line(typo, 'Anais'), line(name, 'Anaïs'), line(`${elsewhere.slice(0, -1)}x`, 'Anaïs')]);
    const job = await importFile(api.url, file, { token: plie.token, allOrNothing: true });
    expect(job).toMatchObject({ status: 'COMPLETED', written: true, problemCount: 1, counts: { accepted: 3, refused: 0, beneficiariesCreated: 2 } });
    expect(job.problems).toEqual([expect.objectContaining({ row: 2, code: 'PROBABLE_DUPLICATE', existingId: existing })]);
    const [created] = await sql<{ count: string }>('select count(*) from beneficiary_identity where last_name = $1 and followed_by_id = $2', [typo, plie.organisationId]);
    expect(created!.count).toBe('1');
  });
});
