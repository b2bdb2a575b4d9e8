import { FileRefused, IMPORT_LIMITS, shorten } from '../../src/imports/limits.js';
import { cellValue, columnOfReference, partPath, relationshipsOf } from '../../src/imports/spreadsheet/xlsx/cells.js';
import { checkDirectory } from '../../src/imports/spreadsheet/xlsx/zip.js';

describe("an XLSX sheet's markup", () => {
  it('gives the column of a cell reference', () => {
    expect(['A1', 'B12', 'Z3', 'AA1', 'AB12', '$C$4', 'XFD1048576', 'c7'].map(columnOfReference)).toEqual([0, 1, 25, 26, 27, 2, 16383, 2]);
    expect(['', '12', 'A-1', 'ABCDEFGH1'].map(columnOfReference)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('finds parts from relationships, relative or absolute', () => {
    expect(partPath('', 'xl/workbook.xml')).toBe('xl/workbook.xml');
    expect(partPath('xl/workbook.xml', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(partPath('xl/workbook.xml', '/xl/worksheets/sheet2.xml')).toBe('xl/worksheets/sheet2.xml');
    expect(partPath('xl/workbook.xml', '../customXml/item1.xml')).toBe('customXml/item1.xml');
    expect([relationshipsOf(''), relationshipsOf('xl/workbook.xml')]).toEqual(['_rels/.rels', 'xl/_rels/workbook.xml.rels']);
  });

  it('reads a cell by its type: shared, inline and formula strings, booleans, numbers, errors', () => {
    const strings = ['Dupont', 'Zoé'];
    expect([
      cellValue('s', '1', strings), cellValue('s', '9', strings), cellValue('inlineStr', 'Léa', strings), cellValue('str', '=x', strings),
      cellValue('b', '1', strings), cellValue('b', '0', strings), cellValue(undefined, '151.67', strings), cellValue('n', '', strings), cellValue('e', '#DIV/0!', strings),
    ]).toEqual(['Zoé', null, 'Léa', '=x', true, false, 151.67, null, null]);
  });
});

describe('the limits of a zip, from its directory', () => {
  const MiB = 1024 * 1024;
  it('accept a workbook as spreadsheets compress, and refuse a bomb or a workbook too large uncompressed', () => {
    expect(() => checkDirectory([{ name: 'xl/worksheets/sheet1.xml', compressedSize: 2 * MiB, uncompressedSize: 40 * MiB }])).not.toThrow();
    // A small part compresses as it likes.
    expect(() => checkDirectory([{ name: 'xl/styles.xml', compressedSize: 100, uncompressedSize: MiB }])).not.toThrow();
    expect(() => checkDirectory([{ name: 'xl/sharedStrings.xml', compressedSize: 150 * 1024, uncompressedSize: 150 * MiB }]))
      .toThrow(new FileRefused("La partie xl/sharedStrings.xml du classeur se décompresse 1 024 fois plus grande (au plus 200 fois) : le fichier n'a pas été lu"));
    const half = { compressedSize: 100 * MiB, uncompressedSize: IMPORT_LIMITS.xlsxUncompressedBytes / 2 + 1 };
    expect(() => checkDirectory([{ name: 'a', ...half }, { name: 'b', ...half }])).toThrow(/Le classeur fait 1 024 Mo décompressé \(au plus 1 024 Mo\)/);
  });

  it('cuts a value quoted back to 200 characters, with an ellipsis', () => {
    expect(shorten('court')).toBe('court');
    expect(shorten('x'.repeat(10_000))).toBe(`${'x'.repeat(200)}…`);
  });
});
