/** Records a person's exit (sortie): its date, its outcome and, for a job, its contract. */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState, type FormEvent } from 'react';
import { ApiError, request } from '../../api/client';
import { asApiError } from '../../api/use-query';
import { graphql } from '../../gql';
import type { ContractSubsidy, ExitOutcome } from '../../gql/graphql';
import { OUTCOME_LABELS, SUBSIDY_LABELS } from './labels';
import { fieldProblems } from '../forms';

const PersonRecordExitDocument = graphql(`
  mutation PersonRecordExit($input: RecordExitInput!) {
    recordExit(input: $input) { id category }
  }
`);

export function ExitForm({ beneficiaryId, onDone }: { beneficiaryId: string; onDone: () => void }) {
  const [exitDate, setExitDate] = useState('');
  const [outcome, setOutcome] = useState<'' | ExitOutcome>('');
  const [subsidy, setSubsidy] = useState<ContractSubsidy>('NONE');
  const [contractStart, setContractStart] = useState('');
  const [contractEnd, setContractEnd] = useState('');
  const [error, setError] = useState<ApiError>();
  const [local, setLocal] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const problems = fieldProblems(error, local);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!exitDate) missing.exitDate = 'La date de sortie est obligatoire';
    if (!outcome) missing.outcome = 'La situation à la sortie est obligatoire';
    setLocal(missing);
    setError(undefined);
    if (Object.keys(missing).length || !outcome) return;
    setSending(true);
    try {
      await request(PersonRecordExitDocument, {
        input: { beneficiaryId, exitDate, outcome, subsidy, contractStart: contractStart || null, contractEnd: contractEnd || null },
      });
      setExitDate('');
      setOutcome('');
      setContractStart('');
      setContractEnd('');
      onDone();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setSending(false);
    }
  };

  const count = Object.keys(local).length;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="exit-form-title">
      <h3 id="exit-form-title" className="fr-h5">Enregistrer une sortie</h3>
      {(error || count > 0) && (
        <Alert
          severity="error"
          small
          className="fr-mb-2w"
          description={error?.message ?? (count === 1 ? Object.values(local)[0] ?? '' : `${count} problèmes dans la saisie`)}
        />
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Input label="Date de sortie" {...problems.state('exitDate')} nativeInputProps={{ type: 'date', value: exitDate, onChange: (e) => setExitDate(e.target.value) }} />
        </div>
        <div className="fr-col-12 fr-col-md-8">
          <Select label="Situation à la sortie" {...problems.state('outcome')} nativeSelectProps={{ value: outcome, onChange: (e) => setOutcome(e.target.value as ExitOutcome) }}>
            <option value="" disabled>Choisir</option>
            {(Object.keys(OUTCOME_LABELS) as ExitOutcome[]).map((key) => <option key={key} value={key}>{OUTCOME_LABELS[key]}</option>)}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select label="Aide à l’embauche" {...problems.state('subsidy')} nativeSelectProps={{ value: subsidy, onChange: (e) => setSubsidy(e.target.value as ContractSubsidy) }}>
            {(Object.keys(SUBSIDY_LABELS) as ContractSubsidy[]).map((key) => <option key={key} value={key}>{SUBSIDY_LABELS[key]}</option>)}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input label="Début du contrat" hintText="Pour un emploi" {...problems.state('contractStart')} nativeInputProps={{ type: 'date', value: contractStart, onChange: (e) => setContractStart(e.target.value) }} />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input label="Fin du contrat" hintText="Vide pour un CDI" {...problems.state('contractEnd')} nativeInputProps={{ type: 'date', value: contractEnd, onChange: (e) => setContractEnd(e.target.value) }} />
        </div>
      </div>
      <Button type="submit" disabled={sending}>Enregistrer la sortie</Button>
    </form>
  );
}
