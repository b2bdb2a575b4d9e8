import type { MikroORM } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import { forbidden } from '../context/errors.js';
import type { VerifiedIdentity } from './tokens.js';

/** Accounts kept, the least recently used forgotten first: more than the people signed in at once. */
const KEPT_ACCOUNTS = 10_000;

/**
 * How long an account found stays kept. The application never changes a binding (a trigger refuses it), but the
 * owner may by hand: a binding undone or moved takes effect within this delay.
 */
const KEPT_FOR_MS = 10 * 60_000;

/**
 * The account of a verified identity (app_sign_in): the one bound to it, or at its first sign-in the one of the
 * e-mail its issuer vouches for, bound to it from then on. Run on its own, before the request's transaction: a
 * query's transaction is rolled back, and a binding must last.
 *
 * Once found, an identity's account is kept, by its issuer and subject, for the next requests: a binding, once made,
 * does not change, and signing in was a round trip to the database at every request. Whether the account may still
 * act is not decided here but by its session (app_open_session: its active memberships), which is forgotten as soon
 * as an account, a membership or an organisation changes (kept-sessions.ts).
 * A refusal is never kept: the identity may be invited, or its account freed, in the meantime.
 */
export class SignIns {
  readonly #accounts = new LRUCache<string, string>({ max: KEPT_ACCOUNTS, ttl: KEPT_FOR_MS, ttlResolution: 0 });

  constructor(private readonly orm: MikroORM) {}

  async accountOf(identity: VerifiedIdentity): Promise<string> {
    const key = JSON.stringify([identity.issuer, identity.subject]);
    const known = this.#accounts.get(key);
    if (known) return known;
    const account = await this.signIn(identity);
    this.#accounts.set(key, account);
    return account;
  }

  private async signIn(identity: VerifiedIdentity): Promise<string> {
    const account = await this.orm.em.fork().execute<{ id: string | null }[]>('select app_sign_in(?, ?, ?) as id', [identity.issuer, identity.subject, identity.email])
      .then(([row]) => row?.id, (error: unknown) => {
        if ((error as { constraint?: string }).constraint !== 'app_user_oidc_identity_bound') throw error;
        throw forbidden('Ce compte est lié à une autre identité de connexion : connectez-vous avec celle-ci');
      });
    if (!account) throw forbidden("Aucun compte n'est associé à cette identité");
    return account;
  }
}
