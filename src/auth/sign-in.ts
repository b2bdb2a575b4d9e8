import type { EntityManager } from '@mikro-orm/postgresql';
import { forbidden } from '../context/errors.js';
import type { VerifiedIdentity } from './tokens.js';

/**
 * The account of a verified identity (app_sign_in): the one bound to it, or at its first sign-in the one of the
 * e-mail its issuer vouches for, bound to it from then on. Run on its own, before the request's transaction: a
 * query's transaction is rolled back, and a binding must last.
 */
export async function signIn(em: EntityManager, identity: VerifiedIdentity): Promise<string> {
  const account = await em.execute<{ id: string | null }[]>('select app_sign_in(?, ?, ?) as id', [identity.issuer, identity.subject, identity.email])
    .then(([row]) => row?.id, (error: unknown) => {
      if ((error as { constraint?: string }).constraint !== 'app_user_oidc_identity_bound') throw error;
      throw forbidden('Ce compte est lié à une autre identité de connexion : connectez-vous avec celle-ci');
    });
  if (!account) throw forbidden("Aucun compte n'est associé à cette identité");
  return account;
}
