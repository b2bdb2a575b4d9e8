/**
 * A person's identity, entry and contact details, as registerBeneficiary and updateBeneficiary take them, with the
 * API's problems beside each field and a warning when people already followed were born the same day under a close name.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { ApiError, request } from '../../api/client';
import { asApiError, useQuery } from '../../api/use-query';
import { graphql } from '../../gql';
import type { BeneficiaryFields, PeopleProbableDuplicatesQuery, QualificationLevel, Sex } from '../../gql/graphql';
import { QUALIFICATION_LABELS, frenchDate } from './labels';
import { fieldProblems } from '../forms';

const PeopleProbableDuplicatesDocument = graphql(`
  query PeopleProbableDuplicates($lastName: String!, $firstName: String!, $birthDate: LocalDate!) {
    probableDuplicates(lastName: $lastName, firstName: $firstName, birthDate: $birthDate, first: 5) {
      id
      entryDate
      identity { lastName firstName birthDate }
    }
  }
`);

const PeopleQpvsDocument = graphql(`
  query PeopleQpvs {
    charters(first: 100) { nodes { id qpvs { id name commune } } }
  }
`);

export interface Draft {
  lastName: string;
  firstName: string;
  birthDate: string;
  sex: '' | Sex;
  entryDate: string;
  residenceCommune: string;
  qpvId: string;
  qualificationLevel: '' | QualificationLevel;
  isBrsa: boolean;
  isDeld: boolean;
  isAse: boolean;
  isRqth: boolean;
  email: string;
  phone: string;
  address: string;
}

export const EMPTY: Draft = {
  lastName: '', firstName: '', birthDate: '', sex: '', entryDate: new Date().toISOString().slice(0, 10), residenceCommune: '', qpvId: '',
  qualificationLevel: '', isBrsa: false, isDeld: false, isAse: false, isRqth: false, email: '', phone: '', address: '',
};

type Duplicate = PeopleProbableDuplicatesQuery['probableDuplicates'][number];

/** The people already followed that the names and birth date typed probably are, asked once typing pauses. */
function useProbableDuplicates(lastName: string, firstName: string, birthDate: string): Duplicate[] {
  const [found, setFound] = useState<Duplicate[]>([]);
  useEffect(() => {
    if (!lastName.trim() || !firstName.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) {
      setFound([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      request(PeopleProbableDuplicatesDocument, { lastName: lastName.trim(), firstName: firstName.trim(), birthDate }).then(
        (data) => current && setFound(data.probableDuplicates),
        () => current && setFound([]),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [lastName, firstName, birthDate]);
  return found;
}


const text = (value: string) => value.trim() || null;

/** What the form sends: empty fields as null, for the API to name what is missing. */
function fieldsOf(draft: Draft): BeneficiaryFields {
  return {
    lastName: text(draft.lastName),
    firstName: text(draft.firstName),
    birthDate: draft.birthDate || null,
    sex: draft.sex || null,
    entryDate: draft.entryDate || null,
    residenceCommune: text(draft.residenceCommune),
    qpvId: draft.qpvId || null,
    qualificationLevel: draft.qualificationLevel || null,
    isBrsa: draft.isBrsa,
    isDeld: draft.isDeld,
    isAse: draft.isAse,
    isRqth: draft.isRqth,
    email: text(draft.email),
    phone: text(draft.phone),
    address: text(draft.address),
  };
}

export function PersonForm({ initial, personId, submitLabel, failureTitle, save }: {
  initial: Draft;
  /** The person edited, left out of the probable duplicates; absent when registering. */
  personId?: string;
  submitLabel: string;
  failureTitle: string;
  save: (fields: BeneficiaryFields) => Promise<void>;
}) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [error, setError] = useState<ApiError>();
  const [sending, setSending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const duplicates = useProbableDuplicates(draft.lastName, draft.firstName, draft.birthDate).filter((duplicate) => duplicate.id !== personId);
  const charters = useQuery(PeopleQpvsDocument);
  const qpvs = useMemo(() => {
    const all = new Map<string, { id: string; name: string; commune: string }>();
    for (const charter of charters.data?.charters.nodes ?? []) for (const qpv of charter.qpvs) all.set(qpv.id, qpv);
    return [...all.values()].sort((a, b) => a.commune.localeCompare(b.commune, 'fr') || a.name.localeCompare(b.name, 'fr'));
  }, [charters.data]);
  const problems = fieldProblems(error);
  const set = <K extends keyof Draft>(key: K) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value as Draft[K] });
  const tick = (key: 'isBrsa' | 'isDeld' | 'isAse' | 'isRqth') => (event: { target: { checked: boolean } }) => setDraft({ ...draft, [key]: event.target.checked });

  useEffect(() => {
    if (error) summary.current?.focus();
  }, [error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSending(true);
    try {
      await save(fieldsOf(draft));
    } catch (caught) {
      setError(asApiError(caught));
      setSending(false);
    }
  };

  const existing = error?.problems.find((problem) => problem.code === 'ALREADY_REGISTERED')?.existingId;

  return (
    <>
      <div ref={summary} tabIndex={-1}>
        {error && (
          <Alert
            severity="error"
            className="fr-mb-3w"
            title={failureTitle}
            description={
              <>
                {error.problems.length > 1 ? `${error.problems.length} problèmes, signalés à côté de chaque champ.` : error.message}
                {typeof existing === 'string' && <> <Link href={`/personnes/${encodeURIComponent(existing)}`}>Ouvrir la fiche de cette personne</Link></>}
              </>
            }
          />
        )}
      </div>
      <form onSubmit={submit} noValidate>
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h4">Identité</legend>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-6">
            <Input label="Nom" {...problems.state('lastName')} nativeInputProps={{ value: draft.lastName, onChange: set('lastName'), autoComplete: 'off' }} />
          </div>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-6">
            <Input label="Prénom" {...problems.state('firstName')} nativeInputProps={{ value: draft.firstName, onChange: set('firstName'), autoComplete: 'off' }} />
          </div>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-6">
            <Input label="Date de naissance" {...problems.state('birthDate')} nativeInputProps={{ type: 'date', value: draft.birthDate, onChange: set('birthDate') }} />
          </div>
          <div className="fr-fieldset__element" aria-live="polite">
            {duplicates.length > 0 && (
              <Alert
                severity="warning"
                title="Cette personne est peut-être déjà suivie"
                description={
                  <>
                    <span>{duplicates.length > 1 ? 'Votre PLIE suit déjà des personnes nées le même jour sous un nom proche :' : 'Votre PLIE suit déjà une personne née le même jour sous un nom proche :'}</span>
                    <ul>
                      {duplicates.map((duplicate) => (
                        <li key={duplicate.id}>
                          <Link href={`/personnes/${encodeURIComponent(duplicate.id)}`}>
                            {duplicate.identity ? `${duplicate.identity.firstName} ${duplicate.identity.lastName.toUpperCase()}` : 'Une personne'}
                          </Link>
                          {duplicate.identity && `, né(e) le ${frenchDate(duplicate.identity.birthDate)}`}, entré(e) le {frenchDate(duplicate.entryDate)}
                        </li>
                      ))}
                    </ul>
                    <span>Vérifiez avant d’inscrire : s’il s’agit bien d’une autre personne (un homonyme), vous pouvez l’inscrire.</span>
                  </>
                }
              />
            )}
          </div>
          <div className="fr-fieldset__element">
            <RadioButtons
              legend="Sexe"
              orientation="horizontal"
              {...problems.state('sex')}
              options={[
                { label: 'Femme', nativeInputProps: { value: 'FEMALE', checked: draft.sex === 'FEMALE', onChange: set('sex') } },
                { label: 'Homme', nativeInputProps: { value: 'MALE', checked: draft.sex === 'MALE', onChange: set('sex') } },
              ]}
            />
          </div>
        </fieldset>

        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h4">Entrée dans le dispositif</legend>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-6">
            <Input label="Date d’entrée" {...problems.state('entryDate')} nativeInputProps={{ type: 'date', value: draft.entryDate, onChange: set('entryDate') }} />
          </div>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-6">
            <Select label="Niveau de qualification" {...problems.state('qualificationLevel')} nativeSelectProps={{ value: draft.qualificationLevel, onChange: set('qualificationLevel') }}>
              <option value="">Choisir</option>
              {(Object.keys(QUALIFICATION_LABELS) as QualificationLevel[]).map((key) => <option key={key} value={key}>{QUALIFICATION_LABELS[key]}</option>)}
            </Select>
          </div>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-6">
            <Input label="Commune de résidence" {...problems.state('residenceCommune')} nativeInputProps={{ value: draft.residenceCommune, onChange: set('residenceCommune') }} />
          </div>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-6">
            <Select label="Quartier prioritaire (QPV)" hint="Facultatif : seulement si la personne y habite" {...problems.state('qpvId')} nativeSelectProps={{ value: draft.qpvId, onChange: set('qpvId') }}>
              <option value="">N’habite pas un quartier prioritaire</option>
              {qpvs.map((qpv) => <option key={qpv.id} value={qpv.id}>{qpv.commune} — {qpv.name}</option>)}
            </Select>
          </div>
          <div className="fr-fieldset__element">
            <Checkbox
              legend="Situation à l’entrée"
              hintText="Facultatif : cochez ce qui s’applique"
              options={[
                { label: 'Bénéficiaire du RSA', nativeInputProps: { checked: draft.isBrsa, onChange: tick('isBrsa') } },
                { label: 'Demandeur d’emploi de longue durée', nativeInputProps: { checked: draft.isDeld, onChange: tick('isDeld') } },
                { label: 'Sorti de l’aide sociale à l’enfance', nativeInputProps: { checked: draft.isAse, onChange: tick('isAse') } },
                { label: 'Reconnu travailleur handicapé (RQTH)', nativeInputProps: { checked: draft.isRqth, onChange: tick('isRqth') } },
              ]}
            />
          </div>
        </fieldset>

        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-h4">Coordonnées (facultatif)</legend>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-6">
            <Input label="Courriel" {...problems.state('email')} nativeInputProps={{ type: 'email', value: draft.email, onChange: set('email'), autoComplete: 'off' }} />
          </div>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-6">
            <Input label="Téléphone" {...problems.state('phone')} nativeInputProps={{ type: 'tel', value: draft.phone, onChange: set('phone'), autoComplete: 'off' }} />
          </div>
          <div className="fr-fieldset__element">
            <Input label="Adresse" {...problems.state('address')} nativeInputProps={{ value: draft.address, onChange: set('address'), autoComplete: 'off' }} />
          </div>
        </fieldset>
        <Button type="submit" disabled={sending}>{submitLabel}</Button>
      </form>
    </>
  );
}
