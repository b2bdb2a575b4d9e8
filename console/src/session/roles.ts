import type { MembershipRole } from '../gql/graphql';

/** The roles of a membership or an API key, as people read them. */
export const ROLE_LABELS: Record<MembershipRole, string> = { ADMIN: 'Administrateur', EDITOR: 'Éditeur', VIEWER: 'Lecteur' };
export const ROLES: MembershipRole[] = ['ADMIN', 'EDITOR', 'VIEWER'];

/** A role within a sentence (« éditeur »); an unknown one as the API wrote it. */
export const roleInText = (role: string) => ROLE_LABELS[role as MembershipRole]?.toLowerCase() ?? role;
