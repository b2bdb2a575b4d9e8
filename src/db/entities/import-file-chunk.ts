import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { ImportJob } from './import-job.js';

/**
 * A part of a file sent for import, kept in the database until its job ends, so that any instance of the
 * API can run the job whichever received the file. Written and read as a stream (src/imports/file-store.ts).
 */
@Entity({ ...rowLevelSecurity('import_file_chunk') })
export class ImportFileChunk {
  @ManyToOne(() => ImportJob, { primary: true, deleteRule: 'cascade' })
  importJob!: ImportJob;

  /** The part's place in the file, from 0. */
  @PrimaryKey({ type: 'integer' })
  seq!: number;

  @Property({ type: 'blob' })
  bytes!: Buffer;
}
