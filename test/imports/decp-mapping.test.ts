import { ClauseMechanism, MarketNature } from '../../src/db/entities/enums.js';
import { decpFields, draftChanges } from '../../src/imports/decp/draft-market.js';
import { natureOfCpv } from '../../src/imports/decp/nature.js';
import { readDecpFile, type DecpEntry } from '../../src/imports/decp/reader.js';
import { DecpRecordError, parseDecpMarket, screenRecord } from '../../src/imports/decp/record.js';
import { clauseMechanismOf } from '../../src/imports/decp/social-considerations.js';
import { concession, decp2019File, decpFile, marche, marche2019, modification, removeDecpFiles, UNKNOWN_BUYER_SIRET } from './decp-fixtures.js';

afterAll(removeDecpFiles);

const WINNER = '55204599900869';
const OTHER_WINNER = '12345600610005';

describe('clauseMechanismOf', () => {
  it('maps each social consideration to its mechanism, the execution clause first', () => {
    expect(clauseMechanismOf(['Clause sociale'])).toBe(ClauseMechanism.EXECUTION_CONDITION);
    expect(clauseMechanismOf(['Critère social'])).toBe(ClauseMechanism.AWARD_CRITERION);
    expect(clauseMechanismOf(['Marché réservé'])).toBe(ClauseMechanism.RESERVED_MARKET);
    expect(clauseMechanismOf(['Critère social', 'Clause sociale'])).toBe(ClauseMechanism.EXECUTION_CONDITION);
    expect(clauseMechanismOf(['Critère social', 'Marché réservé'])).toBe(ClauseMechanism.RESERVED_MARKET);
  });

  it('finds none without a social consideration', () => {
    expect(clauseMechanismOf(['Pas de considération sociale'])).toBeNull();
    expect(clauseMechanismOf([])).toBeNull();
  });
});

describe('natureOfCpv', () => {
  it('reads works from division 45, engineering from 71, services otherwise', () => {
    expect(natureOfCpv('45000000-7')).toBe(MarketNature.WORKS);
    expect(natureOfCpv('45453000')).toBe(MarketNature.WORKS);
    expect(natureOfCpv('71200000-0')).toBe(MarketNature.ENGINEERING);
    expect(natureOfCpv('90600000-3')).toBe(MarketNature.SERVICES);
    expect(natureOfCpv('30190000-7')).toBe(MarketNature.SERVICES);
  });
});

describe('screenRecord', () => {
  it('reads the buyer and the mechanism of any record, leniently', () => {
    expect(screenRecord(marche({ id: 'A', buyer: UNKNOWN_BUYER_SIRET }))).toEqual({ buyerSiret: UNKNOWN_BUYER_SIRET, clauseMechanism: ClauseMechanism.EXECUTION_CONDITION });
    expect(screenRecord({ acheteur: { id: '226 200 012 00012' } })).toEqual({ buyerSiret: '22620001200012', clauseMechanism: null });
    expect(screenRecord(42)).toEqual({ buyerSiret: null, clauseMechanism: null });
  });

  it.each([
    ['the 2024 schema', { considerationSociale: ['Critère social', 'Marché réservé'] }],
    ['a list of objects, as in consolidated files', [{ considerationSociale: 'Critère social' }, { considerationSociale: 'Marché réservé' }]],
    ['a plain list', ['Critère social', 'Marché réservé']],
    ['one value, not in a list', { considerationSociale: 'Critère social, Marché réservé' }],
    ['text', 'Critère social ; Marché réservé'],
  ])('reads the social considerations written as %s', (_shape, considerationsSociales) => {
    expect(screenRecord(marche({ id: 'S', extra: { considerationsSociales } })).clauseMechanism).toBe(ClauseMechanism.RESERVED_MARKET);
  });
});

describe('parseDecpMarket', () => {
  it('maps a record of the reference shape', () => {
    const record = marche({ id: 'TEST2022', considerations: ['Clause sociale', 'Critère social'], winners: [WINNER] });
    expect(parseDecpMarket(record, 1)).toEqual({
      id: 'TEST2022', buyerSiret: '22620001200012', object: 'Travaux TEST2022', cpvCode: '45000000-7', notificationDate: '2024-05-15',
      durationMonths: 48, amountHt: 575000, clauseMechanism: ClauseMechanism.EXECUTION_CONDITION, winnerSirets: [WINNER], otherWinners: 0,
      publication: { date: '2024-05-25', modifications: 0 },
    });
  });

  it('applies the modifications in the order of their number: the latest amount, duration and winners stand', () => {
    const record = marche({
      id: 'MOD', winners: [WINNER],
      extra: { modifications: [modification(2, { montant: 700000.456 }), modification(1, { montant: 600000, dureeMois: 60, winners: [OTHER_WINNER] })] },
    });
    expect(parseDecpMarket(record, 1)).toMatchObject({ amountHt: 700000.46, durationMonths: 60, winnerSirets: [OTHER_WINNER] });
  });

  it.each([
    ['2024-06-03', '2024-06-03'],
    ['2024-06-03+01:00', '2024-06-03'],
    ['2024-06-03-05:00', '2024-06-03'],
    ['2024-06-03Z', '2024-06-03'],
    ['2024-06-03T23:30:00+02:00', '2024-06-03'],
    ['2024-06-03T00:15:00.000Z', '2024-06-03'],
  ])('takes the notification date %s as the calendar day written, %s', (dateNotification, day) => {
    expect(parseDecpMarket(marche({ id: 'DATE', extra: { dateNotification } }), 1).notificationDate).toBe(day);
  });

  it('takes amounts written as text, at the top or in a modification', () => {
    expect(parseDecpMarket(marche({ id: 'T', amount: '187654.32' }), 1).amountHt).toBe(187654.32);
    expect(parseDecpMarket(marche({ id: 'T', amount: ' 90000 ' }), 1).amountHt).toBe(90000);
    const modified = marche({ id: 'T', extra: { modifications: [modification(1, { montant: '200000.555' })] } });
    expect(parseDecpMarket(modified, 1).amountHt).toBe(200000.56);
  });

  it('maps a market of the 2019 format: winners and modifications not wrapped', () => {
    const record = marche2019('OLD', {
      winners: [WINNER], extra: {
        considerationsSociales: { considerationSociale: ['Clause sociale'] },
        modifications: [{ objetModification: 'Avenant 1', dateNotificationModification: '2019-09-01', datePublicationDonneesModification: '2019-09-03', montant: 130000, titulaires: [{ typeIdentifiant: 'SIRET', id: OTHER_WINNER }] }],
      },
    });
    expect(parseDecpMarket(record, 1)).toMatchObject({ notificationDate: '2019-05-15', amountHt: 130000, winnerSirets: [OTHER_WINNER], cpvCode: '45000000' });
  });

  it('keeps winners with a valid SIRET once each, and counts the others', () => {
    const record = marche({ id: 'W', extra: { titulaires: [
      { titulaire: { id: WINNER, typeIdentifiant: 'SIRET' } },
      { titulaire: { id: '552 045 999 00869', typeIdentifiant: 'SIRET' } },
      { titulaire: { id: 'FR12552045999', typeIdentifiant: 'TVA' } },
      { titulaire: { id: '868768687576575', typeIdentifiant: 'SIRET' } },
    ] } });
    expect(parseDecpMarket(record, 1)).toMatchObject({ winnerSirets: [WINNER], otherWinners: 2 });
  });

  it.each([
    ['a date of notification that is no day', { dateNotification: '2024-13-45' }, /Marché « BAD » \(enregistrement n° 7\) : date de notification invalide/],
    ['a CPV code of another form', { codeCPV: '4500' }, /code CPV invalide/],
    ['a duration of no month', { dureeMois: 0 }, /durée invalide/],
    ['a negative amount', { montant: -1 }, /montant invalide/],
    ['an amount that is no number', { montant: '12 000 euros' }, /montant invalide \("12 000 euros" : un nombre d'euros positif\)/],
    ['a date of notification with an impossible offset', { dateNotification: '2024-06-03+25:00' }, /date de notification invalide/],
    ['no object', { objet: ' ' }, /objet absent/],
    ['no social consideration', { considerationsSociales: { considerationSociale: ['Pas de considération sociale'] } }, /aucune considération sociale/],
  ])('refuses %s, naming the record', (_case, extra, message) => {
    expect(() => parseDecpMarket(marche({ id: 'BAD', extra }), 7)).toThrow(message);
    expect(() => parseDecpMarket(marche({ id: 'BAD', extra }), 7)).toThrow(DecpRecordError);
  });

  it('refuses a record without an id, or that is no object', () => {
    expect(() => parseDecpMarket(marche({ id: '', extra: { id: undefined } }), 3)).toThrow('Enregistrement n° 3 : identifiant (id) absent');
    expect(() => parseDecpMarket([], 4)).toThrow("Enregistrement n° 4 : ce n'est pas un objet JSON");
  });
});

describe('draftChanges', () => {
  const imported = parseDecpMarket(marche({ id: 'D', months: 12, notified: '2024-01-01', amount: 1000 }), 1);
  const current = decpFields(imported);

  it('starts on the notification date and ends on the last day of the duration', () => {
    expect(current).toMatchObject({ startDate: '2024-01-01', endDate: '2024-12-31', nature: MarketNature.WORKS });
  });

  it('is empty when the record brings nothing new', () => {
    expect(draftChanges(current, imported)).toEqual({});
  });

  it('updates the DECP-owned fields, and the derived ones the buyer left', () => {
    const corrected = { ...imported, durationMonths: 24, amountHt: 2000, cpvCode: '71000000-8' };
    expect(draftChanges(current, corrected)).toEqual({ durationMonths: 24, amountHt: 2000, cpvCode: '71000000-8', endDate: '2025-12-31', nature: MarketNature.ENGINEERING });
  });

  it('never overwrites a derived field the buyer changed', () => {
    const completed = { ...current, startDate: '2024-02-01', endDate: '2025-01-31', nature: MarketNature.GUP };
    const corrected = { ...imported, durationMonths: 24, cpvCode: '71000000-8' };
    expect(draftChanges(completed, corrected)).toEqual({ durationMonths: 24, cpvCode: '71000000-8' });
  });
});

describe('readDecpFile', () => {
  async function entries(file: string): Promise<DecpEntry[]> {
    const read: DecpEntry[] = [];
    for await (const entry of readDecpFile(file)) read.push(entry);
    return read;
  }

  it('streams the markets and tells the concessions apart, in either order of the arrays', async () => {
    const file = await decpFile({ 'contrat-concession': [concession('C1'), concession('C2')], marche: [marche({ id: 'M1' }), marche({ id: 'M2' })] });
    const read = await entries(file);
    expect(read.map((entry) => (entry.kind === 'market' ? (entry.record as { id: string }).id : entry.kind))).toEqual(['concession', 'concession', 'M1', 'M2']);
  });

  it('streams the records of the 2019 format, and tells its concessions apart', async () => {
    const file = await decp2019File([marche2019('OLD1'), { _type: 'Contrat de concession', id: 'C', autoriteConcedante: { id: UNKNOWN_BUYER_SIRET, nom: 'Ville' } }, marche2019('OLD2')]);
    const read = await entries(file);
    expect(read.map((entry) => (entry.kind === 'market' ? (entry.record as { id: string }).id : entry.kind))).toEqual(['OLD1', 'concession', 'OLD2']);
  });

  it('refuses, in French, a file with no record: empty, of another shape, or with empty lists', async () => {
    const none = /^Fichier .*decp\.json : aucun marché ni contrat de concession au format DECP \(2019 ou 2024\)/;
    await expect(entries(await decpFile(''))).rejects.toThrow(none);
    await expect(entries(await decpFile('{"data": [{"id": "X"}]}'))).rejects.toThrow(none);
    await expect(entries(await decpFile({ marche: [] }))).rejects.toThrow(none);
    await expect(entries(await decpFile('[]'))).rejects.toThrow(none);
  });

  it('fails, in French, on a file that is not JSON, or that breaks off', async () => {
    const unreadable = /^Fichier .*decp\.json illisible : ce n'est pas du JSON, ou il est tronqué$/;
    await expect(entries(await decpFile('{"marches": {"marche": [{"id": "X"}, oops'))).rejects.toThrow(unreadable);
    await expect(entries(await decpFile('{"marches": {"marche": [{"id": "X"}, {"id": '))).rejects.toThrow(unreadable);
  });
});
