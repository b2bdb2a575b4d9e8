/**
 * Pure checks of the demo data set (no database): determinism, the organisations of the sources,
 * consistency of dates, hours, ages and exit classification, and the access cases the data must
 * contain (see the comment of seeds/demo/build.ts).
 */
import { Collection } from '@mikro-orm/core';
import { buildDemoData, DEMO_ACCESS_CASES, DEMO_AS_OF, type DemoData } from '../../seeds/demo/build.js';
import { deterministicUuid, Random } from '../../seeds/random.js';
import {
  ClauseMechanism, CompanyKind, ExitCategoryValue, MarketNature, MarketStatus, MembershipRole, OrganisationKind, type Market,
  type Organisation, type Placement,
} from '../../src/db/entities/index.js';
import { ageOn } from '../../src/domain/age.js';
import { firstDayOfMonth } from '../../src/domain/dates.js';
import { classifyExit } from '../../src/domain/exit-classification.js';
import { isValidSiret } from '../../src/domain/siret.js';

const data = buildDemoData();

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Scalars as they are, relations as the id of the target, collections left out. */
function plain(entity: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (value instanceof Collection) continue;
    if (value instanceof Date) out[key] = value.toISOString();
    else if (value !== null && typeof value === 'object') out[key] = referenceKey(value);
    else out[key] = value;
  }
  return out;
}

function referenceKey(value: object): unknown {
  if ('id' in value) return value.id;
  // BeneficiaryIdentity has no id of its own: its key is the beneficiary's.
  if ('beneficiary' in value && value.beneficiary !== null && typeof value.beneficiary === 'object' && 'id' in value.beneficiary) {
    return `identity:${String(value.beneficiary.id)}`;
  }
  throw new Error(`no key for ${JSON.stringify(Object.keys(value))}`);
}

const snapshot = (d: DemoData) => Object.fromEntries(Object.entries(d).map(([name, rows]: [string, object[]]) => [name, rows.map(plain)]));

const orgByName = new Map(data.organisations.map((o) => [o.name, o]));
const org = (name: string): Organisation => {
  const found = orgByName.get(name);
  if (!found) throw new Error(`missing organisation ${name}`);
  return found;
};
const FABRIQUE_DEFI = 'La Fabrique DEFI (PLIE du Calaisis)';
const BETHUNOIS = "Plan Béthunois d'Insertion (PLIE du Béthunois)";
const LENS_LIEVIN = "Association pour l'animation et la gestion du PLIE de Lens-Liévin";
const HENIN_CARVIN = "Démarche d'insertion économique et sociale pour l'emploi (PLIE d'Hénin-Carvin)";
const DEPARTEMENT = 'Département du Pas-de-Calais';

const share = <T>(rows: readonly T[], test: (row: T) => boolean): number => rows.filter(test).length / rows.length;
const countBy = <T>(rows: readonly T[], key: (row: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return counts;
};

describe('seeds/random', () => {
  it('derives stable, UUID-shaped ids (version 5, RFC variant) from keys', () => {
    expect(deterministicUuid('organisation:fabrique-defi')).toBe(deterministicUuid('organisation:fabrique-defi'));
    expect(deterministicUuid('a')).not.toBe(deterministicUuid('b'));
    for (const key of ['', 'a', 'market:TOH-2022-011', 'é€']) expect(deterministicUuid(key)).toMatch(UUID_V5);
  });

  it('replays the same sequence from the same seed and stays in range', () => {
    const a = new Random('seed');
    const b = new Random('seed');
    const drawsA = Array.from({ length: 100 }, () => a.int(-3, 7));
    expect(Array.from({ length: 100 }, () => b.int(-3, 7))).toEqual(drawsA);
    expect(new Set(drawsA)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7]));
    expect(new Random('other').next()).not.toBe(new Random('seed').next());
  });

  it('picks, weighs and shuffles', () => {
    const rng = new Random(42);
    expect(['x', 'y']).toContain(rng.pick(['x', 'y']));
    for (let i = 0; i < 50; i++) expect(rng.weighted([['never', 0], ['always', 3]])).toBe('always');
    const items = [1, 2, 3, 4, 5, 6];
    const shuffled = rng.shuffle(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rng.chance(0)).toBe(false);
    expect(rng.chance(1)).toBe(true);
  });
});

describe('buildDemoData', () => {
  it('gives identical data at every call (ids and all scalar fields)', () => {
    const again = buildDemoData();
    expect(again.placements[0]).not.toBe(data.placements[0]);
    expect(snapshot(again)).toEqual(snapshot(data));
  });

  it('uses deterministic, unique UUIDs for every row', () => {
    const ids: string[] = [];
    for (const [name, rows] of Object.entries(data) as [string, object[]][]) {
      if (name === 'charterQpvs' || name === 'beneficiaryIdentities') continue;
      for (const row of rows) ids.push((row as { id: string }).id);
    }
    for (const id of ids) expect(id).toMatch(UUID_V5);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sets createdAt and updatedAt to fixed dates, never the clock', () => {
    for (const rows of Object.values(data) as object[][]) {
      for (const row of rows) {
        if (!('createdAt' in row)) continue;
        const { createdAt, updatedAt } = row as { createdAt: Date; updatedAt: Date };
        expect(createdAt.getTime()).toBeLessThanOrEqual(Date.parse('2026-01-31T00:00:00Z'));
        expect(updatedAt.getTime()).toBeGreaterThanOrEqual(createdAt.getTime());
      }
    }
  });
});

describe('organisations and users', () => {
  it('contains every organisation of domain.md §2 with its kind', () => {
    const expected: [string, OrganisationKind][] = [
      [DEPARTEMENT, OrganisationKind.DEPARTEMENT],
      ['AMIE du Boulonnais (PLIE du Boulonnais)', OrganisationKind.PLIE],
      [BETHUNOIS, OrganisationKind.PLIE],
      [FABRIQUE_DEFI, OrganisationKind.PLIE],
      ["Maison de l'emploi et des métiers en Pays d'Artois (PLIE en Pays d'Artois)", OrganisationKind.PLIE],
      ["Maison de l'insertion professionnelle et de l'emploi du Pays de Saint-Omer (PLIE du Pays de Saint-Omer)", OrganisationKind.PLIE],
      [LENS_LIEVIN, OrganisationKind.PLIE],
      [HENIN_CARVIN, OrganisationKind.PLIE],
      ['ADEFI Mission locale (PLIE des Sept Vallées, du Montreuillois et du Ternois)', OrganisationKind.PLIE],
      ['État – Sous-préfecture de Calais', OrganisationKind.ETAT],
      ["Communauté d'agglomération Grand Calais Terres & Mers", OrganisationKind.EPCI],
      ['Ville de Calais', OrganisationKind.VILLE],
      ['Région Hauts-de-France', OrganisationKind.REGION],
      ['Habitat Hauts-de-France', OrganisationKind.BAILLEUR],
      ["Terre d'Opale Habitat", OrganisationKind.BAILLEUR],
      ['Ville de Lens', OrganisationKind.VILLE],
      ['Ville de Béthune', OrganisationKind.VILLE],
      ["Communauté d'agglomération de Lens-Liévin", OrganisationKind.EPCI],
      ['Pas-de-Calais Habitat', OrganisationKind.BAILLEUR],
      ['Maisons & Cités', OrganisationKind.BAILLEUR],
    ];
    for (const [name, kind] of expected) expect(org(name).kind).toBe(kind);
    expect(data.organisations.filter((o) => o.kind === OrganisationKind.PLIE)).toHaveLength(8);
    expect(new Set(data.organisations.map((o) => o.name)).size).toBe(data.organisations.length);
    for (const o of data.organisations) {
      expect(o.departementCode).toBe('62');
      if (o.siret !== null) expect(isValidSiret(o.siret)).toBe(true);
    }
  });

  it('gives every organisation an ADMIN, an EDITOR and a VIEWER with <role>@<slug>.demo e-mails', () => {
    for (const o of data.organisations) {
      const members = data.memberships.filter((m) => m.organisation === o && m.active);
      for (const role of [MembershipRole.ADMIN, MembershipRole.EDITOR, MembershipRole.VIEWER]) {
        const member = members.find((m) => m.role === role && m.user.email.startsWith(`${role.toLowerCase()}@`));
        expect(member).toBeDefined();
        expect(member!.user.email).toMatch(/^[a-z]+@[a-z0-9]+(-[a-z0-9]+)*\.demo$/);
      }
    }
    expect(data.users.map((u) => u.email)).toEqual(expect.arrayContaining(['admin@fabrique-defi.demo', 'viewer@departement-62.demo']));
    for (const u of data.users) {
      expect(u.email).toBe(u.email.toLowerCase());
      expect(u.displayName).toMatch(/^\S+ \S+/);
    }
    expect(new Set(data.users.map((u) => u.email)).size).toBe(data.users.length);
    const pairs = data.memberships.map((m) => `${m.user.id}|${m.organisation.id}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('(c) has a user with active memberships in two organisations', () => {
    const camille = data.users.find((u) => u.email === DEMO_ACCESS_CASES.multiOrgUserEmail)!;
    expect(camille.email).toBe('camille.durand@facilitateurs.demo');
    const memberships = data.memberships.filter((m) => m.user === camille);
    expect(memberships.map((m) => [m.organisation.name, m.role, m.active]).sort()).toEqual([
      [LENS_LIEVIN, MembershipRole.EDITOR, true],
      [HENIN_CARVIN, MembershipRole.EDITOR, true],
    ].sort());
  });

  it('keeps every membership active but one, of a former member', () => {
    const inactive = data.memberships.filter((m) => !m.active);
    expect(inactive).toHaveLength(1);
    expect(inactive[0]!.user.email).toBe(DEMO_ACCESS_CASES.formerMemberEmail);
    expect(data.memberships.filter((m) => m.user === inactive[0]!.user)).toHaveLength(1);
  });
});

describe('charter, QPVs and operations', () => {
  it('has the Calais NPNRU charter with its coordinator, period, QPVs, signatories and targets', () => {
    expect(data.charters).toHaveLength(1);
    const charter = data.charters[0]!;
    expect(charter.name).toBe("Charte locale d'insertion NPNRU de Calais 2022-2030");
    expect(charter.coordinator).toBe(org(FABRIQUE_DEFI));
    expect([charter.startDate, charter.endDate]).toEqual(['2022-01-01', '2030-12-31']);
    expect(data.charterQpvs.map((r) => [r.charter, r.qpv.name, r.qpv.commune])).toEqual([
      [charter, 'Fort-Nieulay', 'Calais'],
      [charter, 'Beau-Marais', 'Calais'],
    ]);
    expect(data.charterSignatories.map((s) => s.organisation.name).sort()).toEqual([
      'État – Sous-préfecture de Calais', "Communauté d'agglomération Grand Calais Terres & Mers", 'Ville de Calais',
      'Région Hauts-de-France', DEPARTEMENT, 'Habitat Hauts-de-France', "Terre d'Opale Habitat", FABRIQUE_DEFI,
    ].sort());
    const targets = Object.fromEntries(data.charterTargets.map((t) => [t.kind, [t.value, t.ageThreshold]]));
    expect(targets).toEqual({
      WORKS_HOURS_RATE: [0.05, null],
      GUP_HOURS_RATE: [0.1, null],
      YOUNG_BENEFICIARIES_SHARE: [0.25, 25],
      TRAINING_ACCESS_SHARE: [0.25, null],
      WOMEN_BENEFICIARIES_SHARE: [0.2, null],
    });
  });

  it('has QPVs in Calais, Lens, Liévin, Béthune and Hénin-Beaumont', () => {
    expect(new Set(data.qpvs.map((q) => q.commune))).toEqual(new Set(['Calais', 'Lens', 'Liévin', 'Béthune', 'Hénin-Beaumont']));
    const keys = data.qpvs.map((q) => `${q.commune}|${q.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has the NPNRU and GUP operations of Calais under the charter, an ERBM one and a Département one', () => {
    const byProgramme = (p: string) => data.operations.filter((o) => o.programme === p);
    const npnruCalais = byProgramme('NPNRU').find((o) => o.territory === 'Calais')!;
    expect(npnruCalais.charter).toBe(data.charters[0]);
    expect(byProgramme('GUP')[0]!.charter).toBe(data.charters[0]);
    expect(byProgramme('ERBM').some((o) => o.owner.name === 'Maisons & Cités' && o.territory === 'Lens-Liévin')).toBe(true);
    expect(byProgramme('DEPARTEMENT')[0]!.owner.name).toBe(DEPARTEMENT);
  });
});

describe('companies', () => {
  it('has about thirty companies of every kind, with valid SIRETs and NAF codes', () => {
    expect(data.companies.length).toBeGreaterThanOrEqual(25);
    expect(data.companies.length).toBeLessThanOrEqual(40);
    expect(new Set(data.companies.map((c) => c.kind))).toEqual(new Set(Object.values(CompanyKind)));
    for (const c of data.companies) {
      expect(c.siret).toMatch(/^\d{14}$/);
      expect(isValidSiret(c.siret)).toBe(true);
      expect(c.nafCode).toMatch(/^\d{2}\.\d{2}[A-Z]$/);
    }
    expect(new Set(data.companies.map((c) => c.siret)).size).toBe(data.companies.length);
    const ordinaryBands = new Set(data.companies.filter((c) => c.kind === CompanyKind.ORDINARY).map((c) => c.headcountBand));
    expect(ordinaryBands.size).toBeGreaterThanOrEqual(3);
  });
});

describe('markets', () => {
  const { markets } = data;

  it('has 38 to 45 markets of every nature, every mechanism used at least twice', () => {
    expect(markets.length).toBeGreaterThanOrEqual(38);
    expect(markets.length).toBeLessThanOrEqual(45);
    expect(new Set(markets.map((m) => m.nature))).toEqual(new Set(Object.values(MarketNature)));
    const mechanisms = countBy(markets, (m) => m.clauseMechanism);
    for (const mechanism of Object.values(ClauseMechanism)) expect(mechanisms.get(mechanism)).toBeGreaterThanOrEqual(2);
    const refs = markets.map((m) => `${m.buyer.id}|${m.reference}`);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('has realistic clause parameters, CPV codes and dates', () => {
    for (const m of markets) {
      expect(m.cpvCode).toMatch(/^\d{8}-\d$/);
      expect(m.amountHt).toBeGreaterThanOrEqual(80_000);
      expect(m.amountHt).toBeLessThanOrEqual(8_000_000);
      if (m.labourRate !== null) expect(m.labourRate).toBeGreaterThanOrEqual(0.2);
      if (m.labourRate !== null) expect(m.labourRate).toBeLessThanOrEqual(0.5);
      if (m.insertionRate !== null) expect(m.insertionRate).toBeGreaterThanOrEqual(0.05);
      if (m.insertionRate !== null) expect(m.insertionRate).toBeLessThanOrEqual(0.1);
      if (m.hourlyCost !== null) expect(m.hourlyCost).toBeGreaterThanOrEqual(22);
      if (m.hourlyCost !== null) expect(m.hourlyCost).toBeLessThanOrEqual(30);
      // Either the formula's three parameters or stated hours.
      expect(m.statedHours !== null || (m.labourRate !== null && m.insertionRate !== null && m.hourlyCost !== null)).toBe(true);
      if (m.status === MarketStatus.DRAFT) {
        expect(m.notificationDate).toBeNull();
        continue;
      }
      expect(m.notificationDate! >= '2021-01-01' && m.notificationDate! <= '2024-12-31').toBe(true);
      expect(m.startDate! > m.notificationDate!).toBe(true);
      expect(m.endDate! >= m.startDate!).toBe(true);
      expect(m.facilitator?.kind).toBe(OrganisationKind.PLIE);
    }
    expect(markets.filter((m) => m.statedHours !== null).length).toBeGreaterThanOrEqual(3);
  });

  it('has 1 to 4 lots per market, each awarded to companies except on the draft', () => {
    for (const m of markets) {
      const lots = data.lots.filter((l) => l.market === m);
      expect(lots.length).toBeGreaterThanOrEqual(1);
      expect(lots.length).toBeLessThanOrEqual(4);
      expect(lots.map((l) => l.number)).toEqual(lots.map((_, i) => i + 1));
      for (const l of lots) {
        const awards = data.awards.filter((a) => a.lot === l);
        if (m.status === MarketStatus.DRAFT) expect(awards).toHaveLength(0);
        else expect(awards.length).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('(b) has at least three markets bought by the Département', () => {
    const departement = markets.filter((m) => m.buyer === org(DEPARTEMENT));
    expect(departement.length).toBeGreaterThanOrEqual(3);
    expect(departement.map((m) => m.reference).sort()).toEqual([...DEMO_ACCESS_CASES.departementMarketReferences].sort());
    // Spread over several PLIE territories.
    expect(new Set(departement.map((m) => m.facilitator?.id)).size).toBeGreaterThanOrEqual(3);
  });

  it('(d) has a draft market with no facilitator', () => {
    const draft = markets.find((m) => m.reference === DEMO_ACCESS_CASES.draftMarketReference)!;
    expect(draft.status).toBe(MarketStatus.DRAFT);
    expect(draft.facilitator).toBeNull();
    expect(data.placements.some((p) => p.market === draft)).toBe(false);
  });
});

describe('beneficiaries', () => {
  const { beneficiaries, beneficiaryIdentities: identities } = data;

  it('has 380 to 420 people followed by at least 3 PLIEs, Calaisis the largest', () => {
    expect(beneficiaries.length).toBeGreaterThanOrEqual(380);
    expect(beneficiaries.length).toBeLessThanOrEqual(420);
    const byPlie = countBy(beneficiaries, (b) => b.followedBy.name);
    expect(byPlie.size).toBeGreaterThanOrEqual(3);
    expect(Math.max(...byPlie.values())).toBe(byPlie.get(FABRIQUE_DEFI));
    for (const name of [LENS_LIEVIN, BETHUNOIS, HENIN_CARVIN]) expect(byPlie.get(name)).toBeGreaterThan(0);
    for (const b of beneficiaries) expect(b.followedBy.kind).toBe(OrganisationKind.PLIE);
  });

  it('has a realistic mix of statuses', () => {
    const between = (value: number, low: number, high: number) => {
      expect(value).toBeGreaterThanOrEqual(low);
      expect(value).toBeLessThanOrEqual(high);
    };
    between(share(beneficiaries, (b) => b.isBrsa), 0.22, 0.38);
    between(share(beneficiaries, (b) => b.ageAtEntry < 26), 0.22, 0.38);
    between(share(beneficiaries, (b) => b.qpv !== null), 0.28, 0.42);
    between(share(beneficiaries, (b) => b.sex === 'FEMALE'), 0.3, 0.4);
    for (const flag of ['isDeld', 'isRqth', 'isAse'] as const) between(share(beneficiaries, (b) => b[flag]), 0.01, 0.5);
    expect(new Set(beneficiaries.map((b) => b.qualificationLevel)).size).toBe(5);
    for (const b of beneficiaries) {
      expect(b.entryDate >= '2022-01-01' && b.entryDate <= '2025-12-31').toBe(true);
      if (b.qpv !== null) expect(b.residenceCommune).toBe(b.qpv.commune);
      if (b.isAse) expect(b.ageAtEntry).toBeLessThan(26);
    }
  });

  it('has one identity per person, same PLIE, age at entry from the birth date', () => {
    expect(identities).toHaveLength(beneficiaries.length);
    for (const identity of identities) {
      const b = identity.beneficiary;
      expect(b.identity).toBe(identity);
      expect(identity.followedBy).toBe(b.followedBy);
      expect(identity.birthDate >= '1960-01-01' && identity.birthDate <= '2006-12-31').toBe(true);
      expect(b.ageAtEntry).toBe(ageOn(identity.birthDate, b.entryDate));
      if (identity.email !== null) expect(identity.email).toMatch(/^[a-z.]+\d+@example\.org$/);
    }
  });

  it('keeps names and birth date unique per PLIE (the unique index)', () => {
    const keys = identities.map((i) => `${i.followedBy.id}|${i.lastName.toLowerCase()}|${i.firstName.toLowerCase()}|${i.birthDate}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('placements and monthly hours', () => {
  const { placements, monthlyHours } = data;

  it('has 450 to 550 placements with a realistic mix of contracts and modalities', () => {
    expect(placements.length).toBeGreaterThanOrEqual(450);
    expect(placements.length).toBeLessThanOrEqual(550);
    const contracts = countBy(placements, (p) => p.contractType);
    expect(contracts.size).toBe(9);
    const modalities = countBy(placements, (p) => p.modality);
    expect(modalities.size).toBe(5);
    for (const p of placements) {
      expect(p.weeklyHours).toBeGreaterThanOrEqual(17.5);
      expect(p.weeklyHours).toBeLessThanOrEqual(35);
    }
    const keys = placements.map((p) => `${p.beneficiary.id}|${p.company.id}|${p.market.id}|${p.startDate}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('places people within their market dates, after their entry, on a lot of the market', () => {
    for (const p of placements) {
      expect(p.startDate >= p.market.startDate!).toBe(true);
      expect(p.startDate >= p.beneficiary.entryDate).toBe(true);
      if (p.endDate !== null) {
        expect(p.endDate >= p.startDate).toBe(true);
        expect(p.endDate <= p.market.endDate!).toBe(true);
      } else {
        // Still running at the demo date: the market runs on.
        expect(p.market.endDate! > DEMO_AS_OF).toBe(true);
      }
      expect(p.lot?.market).toBe(p.market);
    }
  });

  it('employs through the awardee, an agency, a GEIQ or an SIAE as the modality says', () => {
    const awardees = new Map<string, Set<string>>();
    for (const a of data.awards) {
      const set = awardees.get(a.lot.id) ?? new Set<string>();
      set.add(a.company.id);
      awardees.set(a.lot.id, set);
    }
    for (const p of placements) {
      const isAwardee = awardees.get(p.lot!.id)!.has(p.company.id);
      switch (p.modality) {
        case 'DIRECT_HIRE':
        case 'TRAINING':
          expect(isAwardee).toBe(true);
          break;
        case 'TEMPORARY_WORK':
          expect([CompanyKind.SIAE_ETTI, CompanyKind.TEMPORARY_WORK_AGENCY]).toContain(p.company.kind);
          expect(p.contractType).toBe('TEMPORARY_MISSION');
          break;
        case 'GEIQ':
          expect(p.company.kind).toBe(CompanyKind.GEIQ);
          break;
        case 'SIAE_SUBCONTRACTING':
          expect([CompanyKind.SIAE_ACI, CompanyKind.SIAE_EI, CompanyKind.SIAE_AI]).toContain(p.company.kind);
          break;
      }
    }
  });

  it('reports hours once per placement and month worked, within the placement and 2022-01..2025-12', () => {
    const byPlacement = new Map<Placement, string[]>();
    for (const h of monthlyHours) {
      expect(h.month).toMatch(/^\d{4}-\d{2}-01$/);
      expect(h.month >= '2022-01-01' && h.month <= '2025-12-01').toBe(true);
      expect(h.month >= firstDayOfMonth(h.placement.startDate)).toBe(true);
      if (h.placement.endDate !== null) expect(h.month <= h.placement.endDate).toBe(true);
      expect(h.hours).toBeGreaterThan(0);
      expect(h.hours).toBeLessThanOrEqual(200);
      expect(Number.isInteger(h.hours * 2)).toBe(true);
      byPlacement.set(h.placement, [...(byPlacement.get(h.placement) ?? []), h.month]);
    }
    for (const months of byPlacement.values()) expect(new Set(months).size).toBe(months.length);
    // Every placement that started by the demo date has hours.
    for (const p of placements) expect(byPlacement.has(p)).toBe(true);
  });
});

describe('exits', () => {
  it('classifies every exit exactly as classifyExit does, and produces every category', () => {
    expect(data.exits.length).toBeGreaterThan(100);
    for (const e of data.exits) {
      expect({ category: e.category, rule: e.rule }).toEqual(
        classifyExit({ outcome: e.outcome, subsidy: e.subsidy, contractStart: e.contractStart, contractEnd: e.contractEnd }),
      );
      expect(e.exitDate <= DEMO_AS_OF).toBe(true);
    }
    expect(new Set(data.exits.map((e) => e.category))).toEqual(new Set(Object.values(ExitCategoryValue)));
  });

  it('has at most one exit per person, after the end of their last placement', () => {
    const ids = data.exits.map((e) => e.beneficiary.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of data.exits) {
      for (const p of data.placements.filter((pl) => pl.beneficiary === e.beneficiary)) {
        expect(p.endDate).not.toBeNull();
        expect(e.exitDate > p.endDate!).toBe(true);
      }
    }
  });

  it('gives an exit to most people whose last placement ended before October 2025', () => {
    const last = new Map<string, Placement>();
    for (const p of data.placements) last.set(p.beneficiary.id, p);
    const ended = [...last.values()].filter((p) => p.endDate !== null && p.endDate < '2025-10-01');
    const withExit = new Set(data.exits.map((e) => e.beneficiary.id));
    expect(share(ended, (p) => withExit.has(p.beneficiary.id))).toBeGreaterThan(0.7);
  });
});

describe('access cases', () => {
  const facilitatedBy = (m: Market) => m.facilitator?.name;

  it('(a) places people of the Béthunois PLIE on markets facilitated by La Fabrique DEFI', () => {
    expect(DEMO_ACCESS_CASES.crossPlieBeneficiaryIds.length).toBeGreaterThanOrEqual(2);
    for (const id of DEMO_ACCESS_CASES.crossPlieBeneficiaryIds) {
      const b = data.beneficiaries.find((x) => x.id === id)!;
      expect(b.followedBy.name).toBe(BETHUNOIS);
      expect(data.placements.some((p) => p.beneficiary === b && facilitatedBy(p.market) === FABRIQUE_DEFI)).toBe(true);
    }
  });

  it('(a) has other cross-PLIE placements, where the market facilitator is not the PLIE following the person', () => {
    const cross = data.placements.filter((p) => p.market.facilitator !== p.beneficiary.followedBy);
    const pairs = new Set(cross.map((p) => `${p.beneficiary.followedBy.name} -> ${facilitatedBy(p.market)}`));
    expect(cross.length).toBeGreaterThanOrEqual(3);
    expect(pairs.size).toBeGreaterThanOrEqual(2);
  });
});
