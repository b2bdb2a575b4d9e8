import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { COLUMNS } from '../../src/imports/spreadsheet/columns.js';
import { layoutOf, readRow } from '../../src/imports/spreadsheet/rows.js';
import { delimiterOf, encodingOf, openSpreadsheet } from '../../src/imports/spreadsheet/sources.js';
import { date, decimal, month, roundAsStored, yesNo } from '../../src/imports/spreadsheet/values.js';
import { checkQpv, sameCommune } from '../../src/reporting/rules.js';
import { Validation } from '../../src/reporting/validation.js';

describe('cells as French spreadsheets hold them', () => {
  it('reads dates typed, pasted or stored by Excel', () => {
    expect(['14/07/1998', '14-07-1998', '1998-07-14', '1998-07-14T00:00:00Z', 35990].map(date)).toEqual(Array(5).fill('1998-07-14'));
    expect(() => date('31/02/1998')).toThrow(/n'est pas une date/);
  });

  it('reads months in the forms people write them', () => {
    expect(['01/2025', '1/2025', '2025-01', 'janvier 2025', 'Janv.-25', '15/01/2025', 45658].map(month)).toEqual(Array(7).fill('2025-01-01'));
    expect(['février 2024', 'févr-24', 'août 2024', 'déc. 2024'].map(month)).toEqual(['2024-02-01', '2024-02-01', '2024-08-01', '2024-12-01']);
    expect(() => month('13/2025')).toThrow(/n'est pas un mois/);
  });

  it('reads decimal commas, thousands separators and yes/no', () => {
    expect(['151,67', '1 234,5', '1\u202f234,5', '35.5', 12].map(decimal)).toEqual([151.67, 1234.5, 1234.5, 35.5, 12]);
    expect(() => decimal('35 h')).toThrow(/n'est pas un nombre/);
    expect(['Oui', 'x', 'VRAI', '', 'non', 'N'].map(yesNo)).toEqual([true, true, true, false, false, false]);
  });

  it('rounds a figure as PostgreSQL stores it in two decimals: on its decimal writing, half away from zero', () => {
    expect([35.02771, 151.67 / 4.33, 35.025, 1.005, -2.675, 0.125, 1e-7, 208].map((value) => roundAsStored(value, 2)))
      .toEqual([35.03, 35.03, 35.03, 1.01, -2.68, 0.13, 0, 208]);
  });

  it('tells Windows-1252 from UTF-8, and the separator from the header line', () => {
    expect(encodingOf(Buffer.from('Prénom;Né le', 'latin1'))).toBe('win1252');
    expect(encodingOf(Buffer.from('Prénom;Né le', 'utf8'))).toBe('utf8');
    expect(encodingOf(Buffer.from('Prénom', 'utf8').subarray(0, 3))).toBe('utf8');
    expect([delimiterOf('Nom;Prénom;Mois'), delimiterOf('Nom,Prénom'), delimiterOf('Nom\tPrénom')]).toEqual([';', ',', '\t']);
  });
});

describe('the rules shared with the mutations', () => {
  it('take a commune for itself whatever its case and accents, and refuse a QPV of another commune', () => {
    expect([sameCommune('Lievin', 'Liévin'), sameCommune('SAINT-OMER', 'Saint-Omer'), sameCommune('Lens', 'Liévin')]).toEqual([true, true, false]);
    const validation = new Validation();
    checkQpv(validation, 'qpv', 'Marichelles', { name: 'Marichelles', commune: 'Liévin' }, 'Lens');
    checkQpv(validation, 'qpv', 'Nulle part', null, 'Lens');
    checkQpv(validation, 'qpv', 'Marichelles', { name: 'Marichelles', commune: 'Liévin' }, 'LIEVIN');
    expect(validation.problems.map((problem) => problem.code)).toEqual(['QPV_NOT_IN_COMMUNE', 'UNKNOWN_QPV']);
  });
});

describe('the example file of docs/imports.md', () => {
  it('has every column, matched by its header, and lines that read without a problem', async () => {
    const file = path.join(PROJECT_ROOT, 'docs', 'examples', 'suivi-exemple.csv');
    const spreadsheet = await openSpreadsheet(file, 'suivi-exemple.csv');
    const lines = [];
    for await (const sheet of spreadsheet.sheets) for await (const row of sheet.rows) lines.push(row);
    const { layout, problems } = layoutOf('suivi-exemple', lines[0]!.cells)!;
    expect(problems).toEqual([]);
    expect(layout.columns.map((column) => column?.field)).toEqual(COLUMNS.map((column) => column.field));
    const rows = lines.slice(1).map((line) => readRow(layout, line.row, line.cells)!);
    expect(rows.flatMap((row) => row.problems)).toEqual([]);
    expect(rows.find((row) => row.person?.firstName === 'Léa')).toMatchObject({
      person: { lastName: 'Martin', birthDate: '1998-07-14' }, typology: { qpv: 'Beau-Marais', isBrsa: true }, hours: { month: '2025-10-01', hours: 130.5 },
    });
    expect((await readFile(file)).includes(Buffer.from('Léa', 'utf8'))).toBe(false);
  });
});
