/** The refused lines' files (src/imports/refused-rows.ts): as the file had them, the reason last, no live formula. */
import { PassThrough } from 'node:stream';
import { MAX_KEPT_REFUSED_CHARS, MAX_KEPT_REFUSED_ROWS, RefusedRows, reasonOf, writeRefusedCsv } from '../../src/imports/refused-rows.js';
import { restored } from '../../src/exports/excel-csv.js';

async function csvOf(rows: RefusedRows): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeRefusedCsv(rows.all, out);
  return Buffer.concat(chunks).toString('utf8');
}

describe('the refused lines', () => {
  it('joins the problems of a line into one reason, each after its column', () => {
    expect(reasonOf([
      { sheet: 'S', row: 2, column: 'Nom', code: 'REQUIRED', message: '« Nom » est obligatoire sur cette ligne' },
      { sheet: 'S', row: 2, column: null, code: 'X', message: 'Autre chose' },
    ])).toBe('Nom : « Nom » est obligatoire sur cette ligne ; Autre chose');
  });

  it('writes a CSV as Excel opens it, the header first, « Motif du refus » last, a formula as text', async () => {
    const rows = new RefusedRows();
    rows.add('suivi', ['Nom', 'Prénom', 'Date de naissance', ''], 3, ['=HYPERLINK("http://x")', 'Zoé', '31/02/1990'],
      [{ sheet: 'suivi', row: 3, column: 'Date de naissance', code: 'INVALID_DATE', message: 'pas une date' }]);
    const text = await csvOf(rows);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Nom;Prénom;Date de naissance;Motif du refus');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://x"")";Zoé;31/02/1990;Date de naissance : pas une date`);
    expect(restored(`'=HYPERLINK("http://x")`)).toBe('=HYPERLINK("http://x")');
  });

  it('keeps dates of a workbook, and no more lines than the limit', () => {
    const rows = new RefusedRows();
    for (let row = 2; row < MAX_KEPT_REFUSED_ROWS + 10; row++) rows.add('Heures', ['Mois'], row, [new Date(Date.UTC(2025, 0, 1))], []);
    expect(rows.all[0]!.rows).toHaveLength(MAX_KEPT_REFUSED_ROWS);
    expect(rows.all[0]!.rows[0]!.cells).toEqual([{ date: '2025-01-01T00:00:00.000Z' }]);
  });

  it('keeps no more characters than the limit, however long the lines a hostile file refuses', () => {
    const rows = new RefusedRows();
    const megabyte = 'x'.repeat(1024 * 1024);
    for (let row = 2; row < 200; row++) rows.add('suivi', ['Nom', 'Notes'], row, ['Zoé', megabyte], []);
    const kept = rows.all[0]!.rows;
    expect(kept.length).toBe(Math.floor(MAX_KEPT_REFUSED_CHARS / (megabyte.length + 3)));
  });
});
