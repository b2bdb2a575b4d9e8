/**
 * A run's lease: a session advisory lock on a connection of its own, held from before the job is marked RUNNING to
 * after it has ended. PostgreSQL frees it when the process or its connection dies: a RUNNING job whose lease anyone
 * can take was lost with its process (sweeper.ts). The two-key form of the lock keeps it apart from the one-key
 * transaction locks of the platform's sums and memberships.
 */
import type { Pool } from 'pg';
import type { Sql } from '../../db/raw-sql.js';

const LEASES = 4;

export interface Lease {
  release(): Promise<void>;
}

/** The job's lease, or null while another run holds it. */
export async function takeLease(pool: Pool, jobId: string): Promise<Lease | null> {
  const client = await pool.connect();
  try {
    const { rows: [row] } = await client.query<{ taken: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as taken', [LEASES, jobId]);
    if (!row?.taken) {
      client.release();
      return null;
    }
  } catch (error) {
    client.release(true);
    throw error;
  }
  return {
    async release() {
      // A connection that cannot say unlock is closed instead, which unlocks too.
      await client.query('select pg_advisory_unlock($1, hashtext($2))', [LEASES, jobId]).then(() => client.release(), () => client.release(true));
    },
  };
}

/** Whether the job's run was lost: nobody holds its lease. Taken for the caller's transaction, so no run starts meanwhile. */
export async function leaseAbandoned(sql: Sql, jobId: string): Promise<boolean> {
  const [row] = await sql<{ free: boolean }>('select pg_try_advisory_xact_lock($1, hashtext($2)) as free', [LEASES, jobId]);
  return row!.free;
}
