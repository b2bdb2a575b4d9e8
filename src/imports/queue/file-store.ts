/**
 * A file sent for import, kept in the database in parts of about 1 MiB until its job ends (import_file_chunk), so
 * that any instance runs the job. The request body is received into a temporary file first: a sender as slow as it
 * likes holds no database connection. The file is then copied into its parts in one short transaction, and read
 * back to a temporary file for the run, so that neither side ever holds more than a part in memory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from '../../db/raw-sql.js';

const PART_BYTES = 1024 * 1024;
const SPOOL_DIR = path.join(os.tmpdir(), 'clauses-imports');

export class FileTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`Fichier trop volumineux (au plus ${Math.round(limit / 1024 / 1024)} Mo)`);
  }
}

export interface ReceivedFile {
  /** The temporary file, which the caller removes (`discard`). */
  path: string;
  bytes: number;
  /** SHA-256, hex. */
  sha256: string;
}

async function temporaryFile(): Promise<string> {
  await mkdir(SPOOL_DIR, { recursive: true });
  return path.join(SPOOL_DIR, randomUUID());
}

export const discard = (file: string) => rm(file, { force: true });

/** Receives the body into a temporary file; FileTooLarge as soon as it passes maxBytes, and nothing kept. */
export async function receiveFile(body: AsyncIterable<Buffer>, maxBytes: number): Promise<ReceivedFile> {
  const target = await temporaryFile();
  const hash = createHash('sha256');
  let bytes = 0;
  async function* counted(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new FileTooLarge(maxBytes);
      hash.update(chunk);
      yield chunk;
    }
  }
  try {
    await pipeline(body, counted, createWriteStream(target));
  } catch (error) {
    await discard(target);
    throw error;
  }
  return { path: target, bytes, sha256: hash.digest('hex') };
}

/** Copies a received file into the job's parts, in the caller's transaction. */
export async function storeFile(sql: Sql, jobId: string, file: ReceivedFile): Promise<void> {
  let seq = 0;
  for await (const part of createReadStream(file.path, { highWaterMark: PART_BYTES })) {
    await sql('insert into import_file_chunk (import_job_id, seq, bytes) values ($1, $2, $3)', [jobId, seq++, part]);
  }
}

/** Writes the job's file to a temporary file, part after part, and gives its path. */
export async function spoolFile(sql: Sql, jobId: string, signal: AbortSignal): Promise<string> {
  const target = await temporaryFile();
  async function* parts() {
    for (let seq = 0; ; seq += 1) {
      const [row] = await sql<{ bytes: Buffer }>('select bytes from import_file_chunk where import_job_id = $1 and seq = $2', [jobId, seq]);
      if (!row) return;
      yield row.bytes;
    }
  }
  await pipeline(Readable.from(parts()), createWriteStream(target), { signal });
  return target;
}

/** Removes the job's file, in the caller's transaction (the one that ends the job). */
export async function removeFile(sql: Sql, jobId: string): Promise<void> {
  await sql('delete from import_file_chunk where import_job_id = $1', [jobId]);
}
