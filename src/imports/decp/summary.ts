/** What an import did (or, dry, would do), and how it reads. */

export interface DecpImportSummary {
  /** Market records read (concession contracts are counted apart). */
  read: number;
  /** Concession contracts: out of the platform's scope, skipped. */
  concessions: number;
  /** Markets with a social consideration ("Clause sociale", "Critère social" or "Marché réservé"). */
  withSocialConsideration: number;
  /** Of those, markets whose buyer is no organisation of the platform: skipped. */
  buyersNotOnPlatform: number;
  /** Of the others, records the import cannot take (each reported): skipped. */
  rejected: number;
  /** Of the others, publications of a market that a later one in the file replaces: skipped. */
  superseded: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Already imported, and no longer a draft: the buyer owns it, the import leaves it. */
  noLongerDraft: number;
  /** Another market of the buyer already has the DECP id as its reference: left to the buyer. */
  referenceTaken: number;
  companiesCreated: number;
  /** Winners without a valid SIRET (VAT number, foreign identifier…): not imported. */
  winnersWithoutSiret: number;
}

export function emptySummary(): DecpImportSummary {
  return {
    read: 0, concessions: 0, withSocialConsideration: 0, buyersNotOnPlatform: 0, rejected: 0, superseded: 0, created: 0, updated: 0, unchanged: 0,
    noLongerDraft: 0, referenceTaken: 0, companiesCreated: 0, winnersWithoutSiret: 0,
  };
}

const LINES: [keyof DecpImportSummary, string][] = [
  ['read', 'marchés lus'],
  ['concessions', 'contrats de concession (ignorés)'],
  ['withSocialConsideration', 'avec une considération sociale'],
  ['buyersNotOnPlatform', "dont l'acheteur n'est pas sur la plateforme (ignorés)"],
  ['rejected', "que l'import ne peut pas prendre, chacun nommé sur la sortie d'erreur (ignorés)"],
  ['superseded', 'publications remplacées par une plus récente du même marché (ignorées)'],
  ['created', 'brouillons créés'],
  ['updated', 'brouillons mis à jour'],
  ['unchanged', 'inchangés'],
  ['noLongerDraft', "qui ne sont plus des brouillons (laissés à l'acheteur)"],
  ['referenceTaken', "dont la référence est prise par un autre marché de l'acheteur (ignorés)"],
  ['companiesCreated', 'entreprises créées'],
  ['winnersWithoutSiret', 'titulaires sans SIRET valide (ignorés)'],
];

export function formatSummary(summary: DecpImportSummary): string {
  return LINES.map(([field, label]) => `${String(summary[field]).padStart(9)}  ${label}`).join('\n');
}
