/**
 * An XLSX file as a zip read from its central directory (yauzl): its parts are known, and checked against
 * the limits, before any is expanded, then each is opened on its own in the order the reader needs.
 * yauzl stops a part whose data expands beyond the size the directory declares.
 */
import { Transform, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import { describe, FileRefused, IMPORT_LIMITS } from '../../limits.js';

export interface PartSize {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

const damaged = (error: Error) => new FileRefused(`Le classeur XLSX est endommagé ou chiffré : il n'a pas pu être lu (${error.message.slice(0, 200)})`);

/** Refuses a directory whose parts would expand beyond the limits: too large in all, or one too compressed (a zip bomb). */
export function checkDirectory(parts: PartSize[]): void {
  const total = parts.reduce((sum, part) => sum + part.uncompressedSize, 0);
  if (total > IMPORT_LIMITS.xlsxUncompressedBytes) {
    throw new FileRefused(`Le classeur fait ${describe.size(total)} décompressé (au plus ${describe.size(IMPORT_LIMITS.xlsxUncompressedBytes)}) : le fichier n'a pas été lu`);
  }
  for (const part of parts) {
    const ratio = part.uncompressedSize / Math.max(part.compressedSize, 1);
    if (part.uncompressedSize > IMPORT_LIMITS.compressionRatioFloorBytes && ratio > IMPORT_LIMITS.compressionRatio) {
      throw new FileRefused(`La partie ${part.name} du classeur se décompresse ${describe.number(Math.round(ratio))} fois plus grande `
        + `(au plus ${describe.number(IMPORT_LIMITS.compressionRatio)} fois) : le fichier n'a pas été lu`);
    }
  }
}

export class ZipParts {
  private read = 0;

  private constructor(private readonly zip: yauzl.ZipFile, private readonly entries: Map<string, yauzl.Entry>) {}

  static async open(path: string): Promise<ZipParts> {
    const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }).catch((error: Error) => {
      throw damaged(error);
    });
    try {
      if (zip.entryCount > IMPORT_LIMITS.zipEntries) {
        throw new FileRefused(`Le classeur contient ${describe.number(zip.entryCount)} fichiers (au plus ${describe.number(IMPORT_LIMITS.zipEntries)}) : il n'a pas été lu`);
      }
      const entries = await directoryOf(zip);
      checkDirectory([...entries.values()].map(({ fileName: name, compressedSize, uncompressedSize }) => ({ name, compressedSize, uncompressedSize })));
      return new ZipParts(zip, entries);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** A part's uncompressed bytes, as a stream; a damaged part fails the stream with a French message. */
  async stream(name: string): Promise<Readable> {
    const entry = this.entries.get(name);
    if (!entry) throw new FileRefused(`Le classeur n'a pas de partie ${name}`);
    const source = await this.zip.openReadStreamPromise(entry).catch((error: Error) => {
      throw damaged(error);
    });
    // Progress in bytes of the file: the compressed share of what was read of this part.
    const scale = entry.compressedSize / Math.max(entry.uncompressedSize, 1);
    const counted = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.read += chunk.length * scale;
        done(null, chunk);
      },
    });
    source.on('error', (error) => counted.destroy(damaged(error)));
    counted.on('close', () => source.destroy());
    return source.pipe(counted);
  }

  bytesRead(): number {
    return Math.round(this.read);
  }

  close(): void {
    this.zip.close();
  }
}

function directoryOf(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) => reject(damaged(error)));
    zip.readEntry();
  });
}
