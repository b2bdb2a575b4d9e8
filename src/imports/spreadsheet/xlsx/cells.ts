/** The pure rules of an XLSX sheet's markup: cell references, part paths, and a cell's value from its type and text. */
import type { Cell } from '../values.js';

/** The column of a reference, from 0: `A1` is 0, `AB12` is 27; undefined when it is not a reference. */
export function columnOfReference(reference: string): number | undefined {
  const letters = /^\$?([A-Za-z]{1,7})\$?\d*$/.exec(reference)?.[1];
  if (!letters) return undefined;
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + letter.charCodeAt(0) - 64;
  return index - 1;
}

/** A relationship's target as a zip path: relative to the part that names it, or absolute from the zip's root. */
export function partPath(from: string, target: string): string {
  const segments = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const segment of target.replace(/^\/+/, '').split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/** The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
export function relationshipsOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/**
 * A cell's value from its type attribute and its text: shared strings by index, inline and formula
 * strings as they are, booleans, numbers (dates are Excel day numbers, which the date columns read);
 * an error (#DIV/0!) or an empty value is an empty cell.
 */
export function cellValue(type: string | undefined, text: string, sharedStrings: readonly string[]): Cell {
  switch (type) {
    case 's': return sharedStrings[Number(text)] ?? null;
    case 'inlineStr': case 'str': case 'd': return text;
    case 'b': return text.trim() === '1' || text.trim().toLowerCase() === 'true';
    case 'e': return null;
    default: {
      if (text.trim() === '') return null;
      const value = Number(text);
      return Number.isFinite(value) ? value : text;
    }
  }
}
