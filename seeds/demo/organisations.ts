/**
 * Tenants and their people. The organisations are the real ones named in the source documents
 * (docs/domain.md §2) plus a few buyers of the mining basin; the users are fictional.
 *
 * Access cases exercised here (see test/seeds/demo-data.test.ts):
 * - (c) camille.durand@facilitateurs.demo is EDITOR in two PLIEs (Lens-Liévin and Hénin-Carvin);
 * - julien.caron@facilitateurs.demo is a former member: his only membership is deactivated.
 */
import { Membership, MembershipRole, Organisation, OrganisationKind, User } from '../../src/db/entities/index.js';
import { deterministicUuid, Random } from '../random.js';
import { DEMO_SETUP_DATE, stamp } from './common.js';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './names.js';

export interface OrganisationSpec {
  /** Stable key, also the domain of the demo e-mails (`admin@<slug>.demo`). */
  slug: string;
  kind: OrganisationKind;
  name: string;
  territory: string;
  siret?: string;
}

/** Slugs used across the demo files. */
export const ORG = {
  departement: 'departement-62',
  plieBoulonnais: 'amie-boulonnais',
  plieBethunois: 'plan-bethunois',
  plieCalaisis: 'fabrique-defi',
  plieArtois: 'mdem-artois',
  plieSaintOmer: 'mipe-saint-omer',
  plieLensLievin: 'plie-lens-lievin',
  plieHeninCarvin: 'plie-henin-carvin',
  plieSeptVallees: 'adefi',
  etatCalais: 'sous-prefecture-calais',
  grandCalais: 'grand-calais',
  villeCalais: 'ville-calais',
  region: 'region-hdf',
  habitatHdf: 'habitat-hdf',
  terreOpale: 'terre-opale-habitat',
  villeLens: 'ville-lens',
  villeBethune: 'ville-bethune',
  aggloLensLievin: 'agglo-lens-lievin',
  pdcHabitat: 'pas-de-calais-habitat',
  maisonsCites: 'maisons-et-cites',
} as const;

export type OrgSlug = (typeof ORG)[keyof typeof ORG];

export const ORGANISATION_SPECS: readonly OrganisationSpec[] = [
  // SIRET of the Département as printed in source 001 (226 200 012 00012). No other buyer's SIRET is in the
  // source documents (../shared/seeds/): theirs are left unknown rather than made up, since a made-up SIRET
  // that passes the Luhn key would pass for a real one (and match a real buyer's DECP markets).
  { slug: ORG.departement, kind: OrganisationKind.DEPARTEMENT, name: 'Département du Pas-de-Calais', territory: 'Pas-de-Calais', siret: '22620001200012' },
  // The 8 PLIEs of the Pas-de-Calais, named after their carrying structure (source 004).
  { slug: ORG.plieBoulonnais, kind: OrganisationKind.PLIE, name: 'AMIE du Boulonnais (PLIE du Boulonnais)', territory: 'Boulonnais' },
  { slug: ORG.plieBethunois, kind: OrganisationKind.PLIE, name: "Plan Béthunois d'Insertion (PLIE du Béthunois)", territory: 'Béthunois' },
  { slug: ORG.plieCalaisis, kind: OrganisationKind.PLIE, name: 'La Fabrique DEFI (PLIE du Calaisis)', territory: 'Calaisis' },
  { slug: ORG.plieArtois, kind: OrganisationKind.PLIE, name: "Maison de l'emploi et des métiers en Pays d'Artois (PLIE en Pays d'Artois)", territory: "Pays d'Artois" },
  { slug: ORG.plieSaintOmer, kind: OrganisationKind.PLIE, name: "Maison de l'insertion professionnelle et de l'emploi du Pays de Saint-Omer (PLIE du Pays de Saint-Omer)", territory: 'Pays de Saint-Omer' },
  { slug: ORG.plieLensLievin, kind: OrganisationKind.PLIE, name: "Association pour l'animation et la gestion du PLIE de Lens-Liévin", territory: 'Lens-Liévin' },
  { slug: ORG.plieHeninCarvin, kind: OrganisationKind.PLIE, name: "Démarche d'insertion économique et sociale pour l'emploi (PLIE d'Hénin-Carvin)", territory: 'Hénin-Carvin' },
  { slug: ORG.plieSeptVallees, kind: OrganisationKind.PLIE, name: 'ADEFI Mission locale (PLIE des Sept Vallées, du Montreuillois et du Ternois)', territory: 'Sept Vallées, Montreuillois, Ternois' },
  // Signatories of the Calais NPNRU charter (source 000).
  { slug: ORG.etatCalais, kind: OrganisationKind.ETAT, name: 'État – Sous-préfecture de Calais', territory: 'Calaisis' },
  { slug: ORG.grandCalais, kind: OrganisationKind.EPCI, name: "Communauté d'agglomération Grand Calais Terres & Mers", territory: 'Grand Calais' },
  { slug: ORG.villeCalais, kind: OrganisationKind.VILLE, name: 'Ville de Calais', territory: 'Calais' },
  // A regional body; departementCode '62' is a demo simplification (the column is mandatory).
  { slug: ORG.region, kind: OrganisationKind.REGION, name: 'Région Hauts-de-France', territory: 'Hauts-de-France' },
  { slug: ORG.habitatHdf, kind: OrganisationKind.BAILLEUR, name: 'Habitat Hauts-de-France', territory: 'Hauts-de-France' },
  { slug: ORG.terreOpale, kind: OrganisationKind.BAILLEUR, name: "Terre d'Opale Habitat", territory: "Côte d'Opale" },
  // More buyers of the mining basin, for realism.
  { slug: ORG.villeLens, kind: OrganisationKind.VILLE, name: 'Ville de Lens', territory: 'Lens' },
  { slug: ORG.villeBethune, kind: OrganisationKind.VILLE, name: 'Ville de Béthune', territory: 'Béthune' },
  { slug: ORG.aggloLensLievin, kind: OrganisationKind.EPCI, name: "Communauté d'agglomération de Lens-Liévin", territory: 'Lens-Liévin' },
  { slug: ORG.pdcHabitat, kind: OrganisationKind.BAILLEUR, name: 'Pas-de-Calais Habitat', territory: 'Pas-de-Calais' },
  { slug: ORG.maisonsCites, kind: OrganisationKind.BAILLEUR, name: 'Maisons & Cités', territory: 'Bassin minier' },
];

export const organisationId = (slug: string): string => deterministicUuid(`organisation:${slug}`);
export const userId = (email: string): string => deterministicUuid(`user:${email}`);
const membershipId = (email: string, slug: string): string => deterministicUuid(`membership:${email}:${slug}`);

/** The user who belongs to two organisations (access case c). */
export const MULTI_ORG_USER_EMAIL = 'camille.durand@facilitateurs.demo';
/** The former member whose membership is deactivated. */
export const FORMER_MEMBER_EMAIL = 'julien.caron@facilitateurs.demo';

export interface OrganisationsAndUsers {
  organisations: Organisation[];
  /** By slug. */
  bySlug: Map<string, Organisation>;
  users: User[];
  memberships: Membership[];
}

export function buildOrganisationsAndUsers(): OrganisationsAndUsers {
  const rng = new Random('demo:users');
  const organisations = ORGANISATION_SPECS.map((spec) => {
    const org = new Organisation();
    org.id = organisationId(spec.slug);
    org.kind = spec.kind;
    org.name = spec.name;
    org.siret = spec.siret ?? null;
    org.territory = spec.territory;
    org.departementCode = '62';
    return stamp(org, DEMO_SETUP_DATE);
  });
  const bySlug = new Map(ORGANISATION_SPECS.map((spec, i) => [spec.slug, organisations[i]!]));

  const users: User[] = [];
  const memberships: Membership[] = [];
  const usedNames = new Set<string>(['Camille Durand', 'Julien Caron']);
  const newUser = (email: string, displayName: string): User => {
    const user = new User();
    user.id = userId(email);
    user.email = email;
    user.displayName = displayName;
    users.push(stamp(user, DEMO_SETUP_DATE));
    return user;
  };
  const addMembership = (user: User, slug: string, role: MembershipRole, active = true): void => {
    const membership = new Membership();
    membership.id = membershipId(user.email, slug);
    membership.user = user;
    membership.organisation = bySlug.get(slug)!;
    membership.role = role;
    membership.active = active;
    memberships.push(stamp(membership, DEMO_SETUP_DATE));
  };
  const randomDisplayName = (): string => {
    for (;;) {
      const first = rng.chance(0.5) ? rng.pick(FEMALE_FIRST_NAMES) : rng.pick(MALE_FIRST_NAMES);
      const name = `${first} ${rng.pick(LAST_NAMES)}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };

  for (const spec of ORGANISATION_SPECS) {
    for (const role of [MembershipRole.ADMIN, MembershipRole.EDITOR, MembershipRole.VIEWER]) {
      const user = newUser(`${role.toLowerCase()}@${spec.slug}.demo`, randomDisplayName());
      addMembership(user, spec.slug, role);
    }
  }

  const camille = newUser(MULTI_ORG_USER_EMAIL, 'Camille Durand');
  addMembership(camille, ORG.plieLensLievin, MembershipRole.EDITOR);
  addMembership(camille, ORG.plieHeninCarvin, MembershipRole.EDITOR);

  const formerMember = newUser(FORMER_MEMBER_EMAIL, 'Julien Caron');
  addMembership(formerMember, ORG.plieCalaisis, MembershipRole.EDITOR, false);
  // He left in June 2024: the deactivation is the last change of his membership.
  memberships.at(-1)!.updatedAt = new Date('2024-06-28T16:00:00.000Z');

  return { organisations, bySlug, users, memberships };
}
