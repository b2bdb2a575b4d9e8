/** Which failures say the database is away (answered 503, retryable) and which are the statement's own (a bug, 500). */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import pg from 'pg';
import { findFreePort } from '../../src/config/free-port.js';
import { isDatabaseUnavailable } from '../../src/db/availability.js';
import { initOrm } from '../../src/db/orm.js';
import { createErrorFormatter } from '../../src/graphql/format-error.js';
import { asOwner } from '../support/sql.js';

async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  return work().then(() => {
    throw new Error('it did not fail');
  }, (error: unknown) => error);
}

describe('a database away, told from a failed statement', () => {
  it('is a refused connection, through pg or through MikroORM', async () => {
    const port = await findFreePort();
    expect(isDatabaseUnavailable(await failureOf(() => new pg.Client({ host: '127.0.0.1', port }).connect()))).toBe(true);
    const orm = await initOrm({ clientUrl: `postgres://nobody@127.0.0.1:${port}/nothing` });
    try {
      expect(isDatabaseUnavailable(await failureOf(() => orm.em.fork().getConnection().execute('select 1')))).toBe(true);
    } finally {
      await orm.close();
    }
  });

  it('is a Unix-domain socket missing, as a stopped server leaves it, but not any other file missing', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'clauses-no-server-'));
    try {
      const missingSocket = await failureOf(() => new pg.Client({ host: folder, port: 5432 }).connect());
      expect(missingSocket).toMatchObject({ code: 'ENOENT', syscall: 'connect' });
      expect(isDatabaseUnavailable(missingSocket)).toBe(true);
      expect(isDatabaseUnavailable(await failureOf(() => readFile(path.join(folder, 'absent.csv'))))).toBe(false);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('is a connection the server ends (57P01 admin_shutdown), and GraphQL answers it SERVICE_UNAVAILABLE in French', async () => {
    const terminated = await asOwner((client) => failureOf(() => client.query('select pg_terminate_backend(pg_backend_pid())')));
    expect(terminated).toMatchObject({ code: '57P01' });
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    const format = createErrorFormatter({ development: false });
    const error = new GraphQLError('terminating connection due to administrator command', { originalError: terminated as Error });
    expect(format({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error)).toMatchObject({
      message: expect.stringMatching(/^La base de données est momentanément indisponible/),
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  });

  it('is not a statement PostgreSQL refuses: a syntax error, a division by zero', async () => {
    expect(isDatabaseUnavailable(await asOwner((client) => failureOf(() => client.query('selec 1'))))).toBe(false);
    expect(isDatabaseUnavailable(await asOwner((client) => failureOf(() => client.query('select 1 / 0'))))).toBe(false);
  });
});
