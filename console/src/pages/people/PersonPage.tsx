/** One person the PLIE follows: identity, typology, placements and exits; an editor adds a placement or an exit. */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Table } from '@codegouvfr/react-dsfr/Table';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { useQuery } from '../../api/use-query';
import { ExitForm } from '../../components/people/ExitForm';
import {
  AGE_BAND_LABELS, CATEGORY_LABELS, CONTRACT_LABELS, MODALITY_LABELS, OUTCOME_LABELS, QUALIFICATION_LABELS, SEX_LABELS, SUBSIDY_LABELS,
  frenchDate, hoursFormat,
} from '../../components/people/labels';
import { PlacementForm } from '../../components/people/PlacementForm';
import { graphql } from '../../gql';
import { usePageTitle } from '../../layout/page-title';
import { canEdit, useViewer } from '../../session/viewer';

const PersonPageDocument = graphql(`
  query PersonPage($id: ID!) {
    node(id: $id) {
      ... on Beneficiary {
        id
        version
        sex
        ageBand
        ageAtEntry
        entryDate
        residenceCommune
        livesInQpv
        qpv { id name commune }
        qualificationLevel
        isBrsa
        isDeld
        isAse
        isRqth
        restrictedAt
        erasedAt
        followedBy { id name }
        identity { lastName firstName birthDate email phone address }
        placements {
          id
          startDate
          endDate
          contractType
          modality
          weeklyHours
          realisedHours
          monthlyHours { month hours }
          company { id name siret }
          market { id reference object }
          lot { id number title }
        }
        exits { id exitDate outcome category subsidy contractStart contractEnd }
      }
    }
  }
`);

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="fr-col-12 fr-col-sm-6 fr-col-md-4">
      <dt className="fr-text--bold fr-mb-0">{term}</dt>
      <dd className="fr-ml-0 fr-mb-2w">{children}</dd>
    </div>
  );
}

const yesNo = (value: boolean) => (value ? 'Oui' : 'Non');
const monthFormat = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The id of the address; a malformed escape is left as typed (the API then finds no one). */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function PersonPage({ params }: { params: Record<string, string | undefined> }) {
  const id = decoded(params.id ?? '');
  const viewer = useViewer();
  const { data, error, loading, reload } = useQuery(PersonPageDocument, { id });
  const person = data?.node && 'sex' in data.node ? data.node : null;
  const name = person?.identity ? `${person.identity.firstName} ${person.identity.lastName.toUpperCase()}` : null;
  usePageTitle(name ?? 'Participant');
  const editable = canEdit(viewer) && person !== null && person.followedBy.id === viewer.actingOrganisation.id && !person.restrictedAt;

  if (loading && !data) return <p>Chargement…</p>;
  if (error || !person) {
    return (
      <>
        <h1>Participant</h1>
        <Alert severity="error" title="Ce participant n’a pas pu être affiché" description={error?.message ?? 'Aucun participant ne correspond à cette adresse.'} />
        <p className="fr-mt-2w"><Link href="/personnes">Retour à la liste des participants</Link></p>
      </>
    );
  }

  const placements = person.placements.map((placement) => [
    placement.company.name ?? `SIRET ${placement.company.siret}`,
    placement.market ? `${placement.market.reference} — ${placement.market.object}` : 'Marché d’un autre PLIE',
    placement.lot ? `Lot ${placement.lot.number}` : '—',
    `${frenchDate(placement.startDate)} → ${placement.endDate ? frenchDate(placement.endDate) : 'sans fin prévue'}`,
    `${CONTRACT_LABELS[placement.contractType]} (${MODALITY_LABELS[placement.modality]})`,
    `${hoursFormat.format(placement.weeklyHours)} h`,
    `${hoursFormat.format(placement.realisedHours)} h`,
  ]);
  const exits = person.exits.map((exit) => [
    frenchDate(exit.exitDate),
    OUTCOME_LABELS[exit.outcome],
    CATEGORY_LABELS[exit.category],
    SUBSIDY_LABELS[exit.subsidy],
    exit.contractStart ? `${frenchDate(exit.contractStart)} → ${exit.contractEnd ? frenchDate(exit.contractEnd) : 'sans fin'}` : '—',
  ]);

  return (
    <>
      <p className="fr-mb-1w"><Link href="/personnes">← Tous les participants</Link></p>
      <h1>{person.erasedAt ? 'Participant à l’identité effacée' : name ?? 'Participant'}</h1>
      <p>
        {person.exits.length ? <Badge severity="info" noIcon>Sorti(e)</Badge> : <Badge severity="success" noIcon>En parcours</Badge>}
        {person.restrictedAt && <Badge severity="warning" className="fr-ml-1w">Traitement limité</Badge>}
      </p>
      {person.restrictedAt && <Alert severity="warning" small className="fr-mb-2w" description="Le traitement de cette personne est limité (RGPD, article 18) : rien n’est ajouté ni changé à son suivi tant que la limitation dure." />}

      <h2>Identité et typologie</h2>
      {editable && person.identity && <p><Link href={`/personnes/${encodeURIComponent(person.id)}/modifier`} className="fr-link fr-icon-edit-line fr-link--icon-left">Corriger l’identité ou la situation</Link></p>}
      <dl className="fr-grid-row fr-grid-row--gutters">
        {person.identity && (
          <>
            <Fact term="Nom">{person.identity.lastName}</Fact>
            <Fact term="Prénom">{person.identity.firstName}</Fact>
            <Fact term="Date de naissance">{frenchDate(person.identity.birthDate)}</Fact>
            <Fact term="Courriel">{person.identity.email ?? '—'}</Fact>
            <Fact term="Téléphone">{person.identity.phone ?? '—'}</Fact>
            <Fact term="Adresse">{person.identity.address ?? '—'}</Fact>
          </>
        )}
        <Fact term="Sexe">{SEX_LABELS[person.sex]}</Fact>
        <Fact term="Âge à l’entrée">{person.ageAtEntry != null ? `${person.ageAtEntry} ans` : AGE_BAND_LABELS[person.ageBand]}</Fact>
        <Fact term="Entrée dans le dispositif">{frenchDate(person.entryDate)}</Fact>
        <Fact term="Commune de résidence">{person.residenceCommune ?? '—'}</Fact>
        <Fact term="Quartier prioritaire (QPV)">{person.qpv ? `${person.qpv.name} (${person.qpv.commune})` : yesNo(person.livesInQpv)}</Fact>
        <Fact term="Niveau de qualification">{person.qualificationLevel ? QUALIFICATION_LABELS[person.qualificationLevel] : '—'}</Fact>
        <Fact term="Bénéficiaire du RSA">{yesNo(person.isBrsa)}</Fact>
        <Fact term="Demandeur d’emploi de longue durée">{yesNo(person.isDeld)}</Fact>
        <Fact term="Sorti de l’aide sociale à l’enfance">{yesNo(person.isAse)}</Fact>
        <Fact term="Travailleur handicapé (RQTH)">{yesNo(person.isRqth)}</Fact>
      </dl>

      <h2>Mises à l’emploi</h2>
      {placements.length
        ? <Table caption="Mises à l’emploi du participant" headers={['Employeur', 'Marché', 'Lot', 'Période', 'Contrat', 'Heures par semaine', 'Heures déclarées']} data={placements} />
        : <p>Aucune mise à l’emploi enregistrée.</p>}
      {person.placements.filter((placement) => placement.monthlyHours.length > 0).map((placement) => (
        <Table
          key={placement.id}
          caption={`Heures déclarées mois par mois : ${placement.company.name ?? `SIRET ${placement.company.siret}`}, depuis le ${frenchDate(placement.startDate)}`}
          headers={['Mois', 'Heures']}
          data={placement.monthlyHours.map((month) => [monthFormat.format(new Date(`${month.month}T00:00:00Z`)), `${hoursFormat.format(month.hours)} h`])}
        />
      ))}
      {editable && (
        <div className="fr-card fr-p-3w fr-mb-4w">
          <PlacementForm beneficiaryId={person.id} onDone={reload} />
        </div>
      )}

      <h2>Sorties</h2>
      {exits.length
        ? <Table caption="Sorties du participant" headers={['Date', 'Situation', 'Catégorie', 'Aide', 'Contrat']} data={exits} />
        : <p>Aucune sortie enregistrée.</p>}
      {editable && (
        <div className="fr-card fr-p-3w fr-mb-4w">
          <ExitForm beneficiaryId={person.id} onDone={reload} />
        </div>
      )}
    </>
  );
}
