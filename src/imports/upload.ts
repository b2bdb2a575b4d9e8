/** A file sent in a request body, spooled to a temporary file: imports read it from disk, whatever its size. */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ReceivedFile {
  path: string;
  fileName: string;
  bytes: number;
  /** SHA-256, hex. */
  sha256: string;
}

export class FileTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`Fichier trop volumineux (au plus ${Math.round(limit / 1024 / 1024)} Mo)`);
  }
}

const UPLOAD_DIR = path.join(os.tmpdir(), 'clauses-uploads');

export async function receiveFile(body: NodeJS.ReadableStream, fileName: string, maxBytes: number): Promise<ReceivedFile> {
  await mkdir(UPLOAD_DIR, { recursive: true });
  const target = path.join(UPLOAD_DIR, randomUUID());
  const hash = createHash('sha256');
  let bytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new FileTooLarge(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, measure, createWriteStream(target));
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  return { path: target, fileName, bytes, sha256: hash.digest('hex') };
}
