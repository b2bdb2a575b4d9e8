/** Registers a placement (mise à l’emploi) of a person: the market, the employer, the contract. */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState, type FormEvent } from 'react';
import { ApiError, request } from '../../api/client';
import { asApiError, useQuery } from '../../api/use-query';
import { graphql } from '../../gql';
import type { ContractType, PlacementModality } from '../../gql/graphql';
import { CONTRACT_LABELS, MODALITY_LABELS } from './labels';
import { fieldProblems } from '../forms';

const PlacementChoicesDocument = graphql(`
  query PersonPlacementChoices {
    markets(first: 200) {
      nodes { id reference object lots { id number title } }
    }
    companies(first: 500) {
      nodes { id name siret }
    }
  }
`);

const PersonCreatePlacementDocument = graphql(`
  mutation PersonCreatePlacement($fields: PlacementFields!) {
    createPlacement(fields: $fields) { id }
  }
`);

interface Draft {
  marketId: string;
  lotId: string;
  companyId: string;
  contractType: '' | ContractType;
  modality: '' | PlacementModality;
  startDate: string;
  endDate: string;
  weeklyHours: string;
}

const EMPTY: Draft = { marketId: '', lotId: '', companyId: '', contractType: '', modality: '', startDate: '', endDate: '', weeklyHours: '' };

export function PlacementForm({ beneficiaryId, onDone }: { beneficiaryId: string; onDone: () => void }) {
  const choices = useQuery(PlacementChoicesDocument);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<ApiError>();
  const [sending, setSending] = useState(false);
  const problems = fieldProblems(error);
  const market = choices.data?.markets.nodes.find((node) => node.id === draft.marketId);
  const set = <K extends keyof Draft>(key: K) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value as Draft[K] });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSending(true);
    try {
      const hours = draft.weeklyHours.trim() ? Number(draft.weeklyHours.replace(',', '.')) : null;
      await request(PersonCreatePlacementDocument, {
        fields: {
          beneficiaryId,
          marketId: draft.marketId || undefined,
          lotId: draft.lotId || undefined,
          companyId: draft.companyId || undefined,
          contractType: draft.contractType || undefined,
          modality: draft.modality || undefined,
          startDate: draft.startDate || undefined,
          endDate: draft.endDate || undefined,
          weeklyHours: hours !== null && Number.isFinite(hours) ? hours : undefined,
        },
      });
      setDraft(EMPTY);
      onDone();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="placement-form-title">
      <h3 id="placement-form-title" className="fr-h5">Enregistrer une mise à l’emploi</h3>
      {choices.error && <Alert severity="error" small className="fr-mb-2w" description={`Les marchés et entreprises n’ont pas pu être chargés : ${choices.error.message}`} />}
      {error && <Alert severity="error" small className="fr-mb-2w" description={error.message} />}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Select label="Marché" {...problems.state('marketId')} nativeSelectProps={{ value: draft.marketId, onChange: (e) => setDraft({ ...draft, marketId: e.target.value, lotId: '' }) }}>
            <option value="">Choisir un marché</option>
            {choices.data?.markets.nodes.map((node) => <option key={node.id} value={node.id}>{node.reference} — {node.object}</option>)}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select label="Lot" hint="Facultatif" {...problems.state('lotId')} disabled={!market?.lots.length} nativeSelectProps={{ value: draft.lotId, onChange: set('lotId') }}>
            <option value="">Aucun lot précisé</option>
            {market?.lots.map((lot) => <option key={lot.id} value={lot.id}>Lot {lot.number} — {lot.title}</option>)}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select label="Employeur" hint="L’attributaire, ou l’agence, le GEIQ ou la SIAE par lesquels la personne travaille" {...problems.state('companyId')} nativeSelectProps={{ value: draft.companyId, onChange: set('companyId') }}>
            <option value="">Choisir une entreprise</option>
            {choices.data?.companies.nodes.map((company) => <option key={company.id} value={company.id}>{company.name ?? 'Nom inconnu'} — SIRET {company.siret}</option>)}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Select label="Type de contrat" {...problems.state('contractType')} nativeSelectProps={{ value: draft.contractType, onChange: set('contractType') }}>
            <option value="">Choisir</option>
            {(Object.keys(CONTRACT_LABELS) as ContractType[]).map((key) => <option key={key} value={key}>{CONTRACT_LABELS[key]}</option>)}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Select label="Modalité d’embauche" {...problems.state('modality')} nativeSelectProps={{ value: draft.modality, onChange: set('modality') }}>
            <option value="">Choisir</option>
            {(Object.keys(MODALITY_LABELS) as PlacementModality[]).map((key) => <option key={key} value={key}>{MODALITY_LABELS[key]}</option>)}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input label="Date de début" {...problems.state('startDate')} nativeInputProps={{ type: 'date', value: draft.startDate, onChange: set('startDate') }} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input label="Date de fin" hintText="Vide pour un contrat sans fin prévue" {...problems.state('endDate')} nativeInputProps={{ type: 'date', value: draft.endDate, onChange: set('endDate') }} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input label="Heures par semaine" hintText="Par exemple 35 ou 17,5" {...problems.state('weeklyHours')} nativeInputProps={{ inputMode: 'decimal', value: draft.weeklyHours, onChange: set('weeklyHours') }} />
        </div>
      </div>
      <Button type="submit" disabled={sending}>Enregistrer la mise à l’emploi</Button>
    </form>
  );
}
