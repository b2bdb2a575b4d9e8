/**
 * A queued import runs for its sender, rebuilt when it runs: only a refusal (a membership ended, a key revoked, a role
 * lowered) fails the job for good; a database failure meanwhile is the platform's, and the run is tried again.
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm } from '../../src/db/orm.js';
import { SenderRevoked, viewerOfSender } from '../../src/imports/queue/sender.js';
import { demoUser, sql } from '../support/sql.js';

let orm: MikroORM;
let sender: { userId: string; organisationId: string };

beforeAll(async () => {
  orm = await initOrm({ clientUrl: process.env.TEST_APP_URL!, tenantScoped: true });
  const editor = await demoUser('PLIE', 'EDITOR');
  const [user] = await sql<{ id: string }>('select id from app_user where email = $1', [editor.email]);
  sender = { userId: user!.id, organisationId: editor.organisationId };
});
afterAll(() => orm.close());

const taskOf = (organisationId: string) => ({ importJobId: randomUUID(), organisationId, userId: sender.userId, apiKeyId: null });

describe('the sender of a queued import', () => {
  it('is rebuilt while still a member with the right to import', async () => {
    const viewer = await orm.em.fork().transactional((em) => viewerOfSender(em, taskOf(sender.organisationId)));
    expect(viewer.acting).toMatchObject({ organisationId: sender.organisationId, kind: 'PLIE' });
  });

  it('is revoked for an organisation it is not a member of', async () => {
    await expect(orm.em.fork().transactional((em) => viewerOfSender(em, taskOf(randomUUID())))).rejects.toBeInstanceOf(SenderRevoked);
  });

  it('is not taken for revoked when the database fails meanwhile: the run is tried again', async () => {
    const failure = orm.em.fork().transactional(async (em) => {
      // A statement that fails leaves the transaction aborted: every next one fails, as with the database away.
      await em.execute('select 1 / 0').catch(() => undefined);
      return viewerOfSender(em, taskOf(sender.organisationId));
    });
    await expect(failure).rejects.toThrow(/current transaction is aborted/);
    await expect(failure).rejects.not.toBeInstanceOf(SenderRevoked);
  });
});
