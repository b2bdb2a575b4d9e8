import { stat } from 'node:fs/promises';
import pipe from 'stream-chain/utils/pipe.js';
import parseFile from 'stream-json/file/parser.js';
import pick from 'stream-json/core/filters/pick.js';
import streamValues, { type StreamValuesItem } from 'stream-json/core/streamers/stream-values.js';

/** One record of a DECP file: a market (still raw JSON), or a concession contract, out of the platform's scope. */
export type DecpEntry = { kind: 'market'; record: unknown } | { kind: 'concession' };

/**
 * Each element of the arrays of the two formats: `{"marches": {"marche": [...], "contrat-concession": [...]}}`
 * (2024, schema v2) and `{"marches": [...]}` (2019, v1: markets and concessions in one array).
 */
const RECORD_PATH = /^marches\.(?:(?:marche|contrat-concession)\.)?\d+$/;

/** A concession has an `autoriteConcedante` where a market has an `acheteur` (both formats require them). */
function isConcession(record: unknown): boolean {
  return typeof record === 'object' && record !== null && 'autoriteConcedante' in record;
}

const noRecord = (path: string) =>
  new Error(`Fichier ${path} : aucun marché ni contrat de concession au format DECP (2019 ou 2024) ; le fichier est vide, ou d'un autre format`);

/**
 * The records of a DECP JSON file, one at a time: the file is parsed as a stream and only the record being
 * read is held in memory, whatever the size of the file (the national file is hundreds of megabytes).
 * A file with no record at all is refused: it is empty, or of another format, and importing it would
 * tell nothing.
 */
export async function* readDecpFile(path: string): AsyncGenerator<DecpEntry> {
  const { size } = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Fichier ${path} introuvable ou inaccessible (${error.code ?? error.message})`, { cause: error });
  });
  if (size === 0) throw noRecord(path);
  // pipe, not gen: it flushes the parser at the end of the file, so that a truncated file fails.
  const records = pipe(parseFile(), pick({ filter: RECORD_PATH }), streamValues());
  let read = 0;
  try {
    for await (const item of records(path)) {
      const { value } = item as StreamValuesItem;
      read += 1;
      yield isConcession(value) ? { kind: 'concession' } : { kind: 'market', record: value };
    }
  } catch (error) {
    throw new Error(`Fichier ${path} illisible : ce n'est pas du JSON, ou il est tronqué`, { cause: error });
  }
  if (read === 0) throw noRecord(path);
}
