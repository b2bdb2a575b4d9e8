import pipe from 'stream-chain/utils/pipe.js';
import parseFile from 'stream-json/file/parser.js';
import pick from 'stream-json/core/filters/pick.js';
import streamValues, { type StreamValuesItem } from 'stream-json/core/streamers/stream-values.js';

/** One record of a DECP file: a market (still raw JSON), or a concession contract, out of the platform's scope. */
export type DecpEntry = { kind: 'market'; record: unknown } | { kind: 'concession' };

/** Each element of the two arrays of the DECP v2 format: `{"marches": {"marche": [...], "contrat-concession": [...]}}`. */
const RECORD_PATH = /^marches\.(marche|contrat-concession)\.\d+$/;

/** A concession has an `autoriteConcedante` where a market has an `acheteur` (both required by the schema). */
function isConcession(record: unknown): boolean {
  return typeof record === 'object' && record !== null && 'autoriteConcedante' in record;
}

/**
 * The records of a DECP JSON file, one at a time: the file is parsed as a stream and only the record being
 * read is held in memory, whatever the size of the file (the national file is hundreds of megabytes).
 */
export async function* readDecpFile(path: string): AsyncGenerator<DecpEntry> {
  // pipe, not gen: it flushes the parser at the end of the file, so that a truncated file fails.
  const records = pipe(parseFile(), pick({ filter: RECORD_PATH }), streamValues());
  try {
    for await (const item of records(path)) {
      const { value } = item as StreamValuesItem;
      yield isConcession(value) ? { kind: 'concession' } : { kind: 'market', record: value };
    }
  } catch (error) {
    throw new Error(`Fichier ${path} illisible : ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
