import pg from 'pg';
import { withClient } from '../../src/db/roles.js';

describe('a connection of its own for a piece of work (withClient)', () => {
  it('fails the work when the server ends the connection, and the process goes on', async () => {
    const work = withClient(process.env.TEST_APP_URL!, async (client) => {
      const { pid } = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!;
      const other = new pg.Client({ connectionString: process.env.TEST_APP_URL });
      await other.connect();
      try {
        await other.query('select pg_terminate_backend($1)', [pid]);
      } finally {
        await other.end();
      }
      // Idle meanwhile, as a seeding tool between two batches: pg hears of the end on the socket.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return client.query('select 1');
    });
    await expect(work).rejects.toThrow(/terminat|not queryable/i);
  });
});
