/** Zips built by hand for the tests: parts in any order, sizes declared at will, data deflated as a stream. */
import { promisify } from 'node:util';
import { constants, crc32, createDeflateRaw, deflateRaw } from 'node:zlib';
import yauzl from 'yauzl';

export interface Part {
  name: string;
  /** The uncompressed bytes, or chunks of them produced one at a time (a huge part is never held whole). */
  data: Buffer | (() => Iterable<Buffer>);
  /** The uncompressed size the zip declares, when it should lie. */
  declaredSize?: number;
}

interface Packed { name: Buffer; crc: number; size: number; compressed: Buffer }

/** Deflated on libuv's threads: the API the test runs in this process goes on answering meanwhile (zip.test.ts). */
const deflated = promisify(deflateRaw);

async function pack(part: Part): Promise<Packed> {
  const name = Buffer.from(part.name, 'utf8');
  if (Buffer.isBuffer(part.data)) {
    return { name, crc: crc32(part.data), size: part.data.length, compressed: await deflated(part.data, { level: constants.Z_BEST_COMPRESSION }) };
  }
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const output: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => output.push(chunk));
  let crc = 0;
  let size = 0;
  for (const chunk of part.data()) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  const ended = new Promise((resolve) => deflate.once('end', resolve));
  deflate.end();
  await ended;
  return { name, crc, size, compressed: Buffer.concat(output) };
}

function header(signature: number, fields: [number, 2 | 4][]): Buffer {
  const buffer = Buffer.alloc(4 + fields.reduce((sum, [, bytes]) => sum + bytes, 0));
  buffer.writeUInt32LE(signature, 0);
  let offset = 4;
  for (const [value, bytes] of fields) {
    if (bytes === 2) buffer.writeUInt16LE(value, offset);
    else buffer.writeUInt32LE(value >>> 0, offset);
    offset += bytes;
  }
  return buffer;
}

/** A zip of these parts, in this order (deflated, no zip64). */
export async function zip(parts: Part[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { name, crc, size, compressed } = await pack(part);
    const declared = part.declaredSize ?? size;
    const common: [number, 2 | 4][] = [[20, 2], [0, 2], [8, 2], [0, 2], [0x21, 2], [crc, 4], [compressed.length, 4], [declared, 4], [name.length, 2], [0, 2]];
    const local = Buffer.concat([header(0x04034b50, common), name, compressed]);
    centrals.push(Buffer.concat([header(0x02014b50, [[20, 2], ...common, [0, 2], [0, 2], [0, 2], [0, 4], [offset, 4]]), name]));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = header(0x06054b50, [[0, 2], [0, 2], [parts.length, 2], [parts.length, 2], [directory.length, 4], [offset, 4], [0, 2]]);
  return Buffer.concat([...locals, directory, end]);
}

/** The parts of a zip, in the order they are stored. */
export async function unzip(file: Buffer): Promise<{ name: string; data: Buffer }[]> {
  const archive = await yauzl.fromBufferPromise(file, { lazyEntries: true });
  const parts: { name: string; data: Buffer }[] = [];
  for (let entry = await nextEntry(archive); entry; entry = await nextEntry(archive)) {
    const chunks: Buffer[] = [];
    for await (const chunk of await archive.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    parts.push({ name: entry.fileName, data: Buffer.concat(chunks) });
  }
  return parts;
}

function nextEntry(archive: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry) => done(entry);
    const onEnd = () => done(null);
    const done = (entry: yauzl.Entry | null) => {
      archive.off('entry', onEntry).off('end', onEnd).off('error', reject);
      resolve(entry);
    };
    archive.once('entry', onEntry).once('end', onEnd).once('error', reject);
    archive.readEntry();
  });
}
