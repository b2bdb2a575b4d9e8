import { Writable } from 'node:stream';
import { neutralised, restored } from '../../src/exports/excel-csv.js';
import { writeReportCsv } from '../../src/reports/render-csv.js';

describe('text cells a spreadsheet must not run as formulas', () => {
  it('are neutralised with a leading apostrophe when they start with = + - @, a tab or a carriage return', () => {
    expect(['=HYPERLINK("https://x.fr";"clic")', '+33 6', '-2+3', '@SUM(A1)', '\t=1', '\r=1'].map(neutralised))
      .toEqual([`'=HYPERLINK("https://x.fr";"clic")`, "'+33 6", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1"]);
  });

  it('leave numbers, negative ones included, and ordinary text as they are', () => {
    expect(['-4,5', '-1 234,50', '+12', '151,67', '-0,25', 'Dupont', "l'Étoile", '', '14/07/2025'].map(neutralised))
      .toEqual(['-4,5', '-1 234,50', '+12', '151,67', '-0,25', 'Dupont', "l'Étoile", '', '14/07/2025']);
  });

  it('are read back as they were, and only those', () => {
    for (const text of ['=HYPERLINK("https://x.fr";"clic")', '-2+3', '-4,5', "'déjà", "l'Étoile", "'", '@x']) expect(restored(neutralised(text))).toBe(text);
    expect(restored("'Dupont")).toBe("'Dupont");
  });

  it('are neutralised in the CSV reports, their figures left as numbers', async () => {
    let written = '';
    const out = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    await writeReportCsv({
      title: '=Rapport', fileName: 'r', identity: [{ label: 'Organisation', text: '@Mairie' }],
      sections: [{ title: '-Heures', rows: [{ label: '+Solde', value: -4.5, kind: 'hours', etp: -0.25 }] }],
    }, out);
    expect(written.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'section;libellé;valeur;ETP', "Identification;Rapport;'=Rapport;", "Identification;Organisation;'@Mairie;", "'-Heures;'+Solde;-4,5;-0,25", '',
    ]);
  });
});
