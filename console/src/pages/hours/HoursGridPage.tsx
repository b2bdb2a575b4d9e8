/**
 * The monthly hours grid: every placement of the PLIE running in the chosen month, the figure of the month
 * before beside it, the month's figures typed in and saved together, all or nothing.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'wouter';
import { ApiError, request } from '../../api/client';
import { asApiError } from '../../api/use-query';
import { graphql } from '../../gql';
import type { HoursGridPlacementsQuery } from '../../gql/graphql';
import { usePageTitle } from '../../layout/page-title';
import { canEdit, useViewer } from '../../session/viewer';
import { addMonths, dayLabel, hoursText, isMonth, monthLabel, monthOf, parseHours, reportableMonths } from './months';
import { ScrollableTable } from '../../components/ScrollableTable';

const HoursGridPlacementsDocument = graphql(`
  query HoursGridPlacements($month: LocalDate!, $previous: LocalDate!, $after: String) {
    placements(filter: { activeIn: $month }, first: 500, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        version
        startDate
        endDate
        contractType
        beneficiary { id erasedAt identity { firstName lastName } }
        company { name siret }
        market { reference object }
        hours: monthHours(month: $month)
        previous: monthHours(month: $previous)
      }
    }
  }
`);

const HoursGridSaveDocument = graphql(`
  mutation HoursGridSave($input: ReportMonthHoursInput!) {
    reportMonthHours(input: $input) { id version }
  }
`);

type Line = HoursGridPlacementsQuery['placements']['nodes'][number];

const CONTRACT_TYPES: Record<string, string> = {
  APPRENTICESHIP: 'Apprentissage',
  CDD: 'CDD',
  CDDI: 'CDDI',
  CDI: 'CDI',
  CUI_CIE: 'CUI-CIE',
  EMPLOI_FRANC: 'Emploi franc',
  PROFESSIONALISATION: 'Contrat de professionnalisation',
  TEMPORARY_MISSION: 'Mission d’intérim',
  TRAINING: 'Formation',
};

/** How many months back one may choose. */
const MONTHS_BACK = 48;

const personOf = (line: Line) => {
  const identity = line.beneficiary.identity;
  if (identity) return `${identity.lastName.toUpperCase()} ${identity.firstName}`;
  return line.beneficiary.erasedAt ? 'Identité effacée' : 'Personne suivie par un autre PLIE';
};
const companyOf = (line: Line) => line.company.name ?? `SIRET ${line.company.siret}`;
const marketOf = (line: Line) => (line.market ? `${line.market.reference} — ${line.market.object}` : 'Marché d’un autre acheteur');
const contractOf = (line: Line) => `${CONTRACT_TYPES[line.contractType] ?? line.contractType}, du ${dayLabel(line.startDate)} ${line.endDate ? `au ${dayLabel(line.endDate)}` : 'sans date de fin'}`;
const cellId = (line: Line) => `heures-${line.id}`;

/** Every placement running in the month, page after page, sorted by person. */
function useMonthLines(month: string) {
  const [state, setState] = useState<{ lines?: Line[]; error?: ApiError; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    (async () => {
      const lines: Line[] = [];
      let after: string | null | undefined = null;
      do {
        const { placements }: HoursGridPlacementsQuery = await request(HoursGridPlacementsDocument, { month, previous: addMonths(month, -1), after });
        lines.push(...placements.nodes);
        after = placements.pageInfo.hasNextPage ? placements.pageInfo.endCursor : null;
      } while (after && current);
      lines.sort((a, b) => personOf(a).localeCompare(personOf(b), 'fr') || a.startDate.localeCompare(b.startDate));
      return lines;
    })().then(
      (lines) => current && setState({ lines, loading: false }),
      (error: unknown) => current && setState({ error: asApiError(error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [month, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}

/** What a save came to: nothing yet, saved, or refused with a message per line and for the whole. */
type Outcome =
  | { kind: 'none' }
  | { kind: 'saved'; count: number; month: string }
  | { kind: 'unchanged' }
  | { kind: 'refused'; title: string; message: string; general: string[] };

export function HoursGridPage() {
  usePageTitle('Heures du mois');
  const viewer = useViewer();
  const editable = canEdit(viewer);
  const [search, setSearch] = useSearchParams();
  const months = useMemo(() => reportableMonths(new Date(), MONTHS_BACK), []);
  const asked = search.get('mois');
  const month = isMonth(asked) ? `${asked}-01` : addMonths(monthOf(new Date()), -1);
  const previous = addMonths(month, -1);
  const { lines, error, loading, reload } = useMonthLines(month);

  /** What is typed in each cell, by placement; a cell not typed in shows the figure reported. */
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [saving, setSaving] = useState(false);
  const [filter, setFilter] = useState('');

  /** The figures just saved, until the page reads them back. */
  const [saved, setSaved] = useState<Record<string, number>>({});
  // Fresh figures (another month, or those just saved) replace what was typed.
  useEffect(() => {
    setTyped({});
    setSaved({});
  }, [lines]);

  const reportedText = (line: Line) => {
    const hours = saved[line.id] ?? line.hours;
    return hours == null ? '' : hoursText(hours);
  };
  const textOf = (line: Line) => typed[line.id] ?? reportedText(line);
  const changed = (lines ?? []).filter((line) => textOf(line).trim() !== reportedText(line));

  // Figures typed and not saved are not lost by leaving the page without a word.
  const unsaved = changed.length > 0;
  useEffect(() => {
    if (!unsaved) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  const chooseMonth = (value: string) => {
    if (changed.length && !window.confirm(`${changed.length} chiffre(s) saisi(s) ne sont pas enregistrés et seront perdus. Changer de mois ?`)) return;
    setTyped({});
    setProblems({});
    setOutcome({ kind: 'none' });
    setSearch({ mois: value.slice(0, 7) });
  };

  /** Goes to a refused line's cell, showing every line again if the search hid it. */
  const focusCell = (id: string) => {
    if (!document.getElementById(id)) setFilter('');
    window.setTimeout(() => document.getElementById(id)?.focus(), 0);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!lines) return;
    if (!changed.length) {
      setProblems({});
      setOutcome({ kind: 'unchanged' });
      return;
    }
    // The cells that are no number are refused here; nothing is sent while one is.
    const local: Record<string, string> = {};
    for (const line of changed) {
      const text = textOf(line).trim();
      if (text === '') local[line.id] = 'Un chiffre déjà déclaré ne s’efface pas : saisissez 0 s’il n’y a eu aucune heure';
      else if (parseHours(text) === null) local[line.id] = 'Saisissez un nombre d’heures, par exemple 151,67';
    }
    if (Object.keys(local).length) {
      setProblems(local);
      const count = Object.keys(local).length;
      setOutcome({ kind: 'refused', title: 'Enregistrement refusé', message: `Rien n’a été enregistré : ${count === 1 ? '1 ligne à corriger' : `${count} lignes à corriger`} avant d’enregistrer.`, general: [] });
      return;
    }
    setSaving(true);
    try {
      const sent = changed.map((line) => ({ placementId: line.id, hours: parseHours(textOf(line))!, version: line.version }));
      await request(HoursGridSaveDocument, { input: { month, lines: sent } });
      setSaved((current) => ({ ...current, ...Object.fromEntries(sent.map((line) => [line.placementId, line.hours])) }));
      setProblems({});
      setOutcome({ kind: 'saved', count: changed.length, month });
      reload();
    } catch (caught) {
      const refusal = asApiError(caught);
      const byLine: Record<string, string> = {};
      const general: string[] = [];
      for (const problem of refusal.problems) {
        const index = /^lines\.(\d+)\./.exec(problem.field ?? '')?.[1];
        const line = index === undefined ? undefined : changed[Number(index)];
        if (line) byLine[line.id] = byLine[line.id] ? `${byLine[line.id]} ; ${problem.message}` : problem.message;
        else general.push(problem.message);
      }
      setProblems(byLine);
      setOutcome({ kind: 'refused', title: 'Enregistrement refusé', message: refusal.message, general: general.filter((message) => message !== refusal.message) });
    } finally {
      setSaving(false);
    }
  };

  const needle = filter.trim().toLocaleLowerCase('fr');
  const shown = (lines ?? []).filter((line) => !needle || [personOf(line), companyOf(line), marketOf(line)].some((text) => text.toLocaleLowerCase('fr').includes(needle)));
  const refusedLines = (lines ?? []).filter((line) => problems[line.id]);
  const reported = (lines ?? []).filter((line) => line.hours != null).length;

  return (
    <>
      <h1>Heures du mois</h1>
      <p>
        Une ligne par mise à l’emploi en cours pendant le mois choisi, avec les heures du mois précédent pour comparer.
        {editable && ' Saisissez les heures travaillées du mois (par exemple 151,67), puis enregistrez toutes les lignes ensemble.'}
      </p>
      {editable && (
        <p className="fr-text--sm">
          L’enregistrement est <strong>tout ou rien</strong> : si une seule ligne est refusée, aucune heure n’est enregistrée.
          Les lignes refusées sont signalées avec leur motif ; corrigez-les puis enregistrez de nouveau. Vos saisies restent affichées.
        </p>
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Select label="Mois déclaré" hint="Par défaut, le mois dernier" nativeSelectProps={{ value: month, onChange: (event) => chooseMonth(event.target.value) }}>
            {months.map((option) => <option key={option} value={option}>{monthLabel(option)}</option>)}
            {!months.includes(month) && <option value={month}>{monthLabel(month)}</option>}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-8">
          <Input label="Rechercher une ligne" hintText="Personne, entreprise ou marché" nativeInputProps={{ type: 'search', value: filter, onChange: (event) => setFilter(event.target.value) }} />
        </div>
      </div>

      {outcome.kind === 'saved' && (
        <Alert className="fr-mb-3w" severity="success" title="Heures enregistrées"
          description={`${outcome.count === 1 ? '1 ligne enregistrée' : `${outcome.count} lignes enregistrées`} pour ${monthLabel(outcome.month)}.`} />
      )}
      {outcome.kind === 'unchanged' && <Alert className="fr-mb-3w" severity="info" small description="Aucun chiffre n’a été modifié : rien à enregistrer." />}
      {outcome.kind === 'refused' && (
        <div role="alert">
          <Alert className="fr-mb-3w" severity="error" title={outcome.title} description={
            <>
              <span>{outcome.message}</span>
              {outcome.general.map((message) => <span key={message}><br />{message}</span>)}
              {refusedLines.length > 0 && (
                <ul>
                  {refusedLines.map((line) => (
                    <li key={line.id}>
                      <a href={`#${cellId(line)}`} onClick={(event) => { event.preventDefault(); focusCell(cellId(line)); }}>{personOf(line)}, {companyOf(line)}</a> : {problems[line.id]}
                    </li>
                  ))}
                </ul>
              )}
            </>
          } />
        </div>
      )}

      {error && <Alert className="fr-mb-3w" severity="error" title="Les mises à l’emploi n’ont pas pu être lues" description={error.message} />}
      {loading && !lines && <p>Chargement des mises à l’emploi…</p>}
      {lines && (
        <form onSubmit={save} noValidate>
          <p>
            {lines.length === 0
              ? `Aucune mise à l’emploi en cours en ${monthLabel(month)}.`
              : `${lines.length === 1 ? '1 mise à l’emploi en cours' : `${lines.length} mises à l’emploi en cours`} en ${monthLabel(month)} ; ${reported} déjà déclarée(s).`}
            {needle && ` ${shown.length} affichée(s) par la recherche.`}
          </p>
          {lines.length > 0 && (
            <ScrollableTable className="fr-table--multiline fr-table--no-caption-top">
              <caption>Heures de {monthLabel(month)}, par mise à l’emploi</caption>
              <thead>
                <tr>
                  <th scope="col">Personne</th>
                  <th scope="col">Entreprise et marché</th>
                  <th scope="col">Contrat</th>
                  <th scope="col">Heures de {monthLabel(previous)}</th>
                  <th scope="col" style={{ minWidth: '9rem' }}>Heures de {monthLabel(month)}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((line) => (
                  <GridRow key={line.id} line={line} editable={editable} month={month} text={textOf(line)} problem={problems[line.id]}
                    onType={(text) => setTyped((current) => ({ ...current, [line.id]: text }))} />
                ))}
              </tbody>
            </ScrollableTable>
          )}
          {editable && lines.length > 0 && (
            <div className="fr-mt-2w">
              <Button type="submit" disabled={saving}>
                {saving ? 'Enregistrement…' : `Enregistrer les heures de ${monthLabel(month)}`}
              </Button>
              <p className="fr-text--sm fr-mt-1w">
                {changed.length === 0 ? 'Aucun chiffre modifié.' : `${changed.length === 1 ? '1 ligne modifiée' : `${changed.length} lignes modifiées`}, pas encore enregistrée(s).`}
              </p>
            </div>
          )}
        </form>
      )}
    </>
  );
}

function GridRow({ line, editable, month, text, problem, onType }: {
  line: Line; editable: boolean; month: string; text: string; problem?: string; onType: (text: string) => void;
}) {
  const id = cellId(line);
  const person = personOf(line);
  // The refused line stands out in colour, and says so in words (its badge and its message).
  const mark = problem ? { backgroundColor: 'var(--background-contrast-error)' } : undefined;
  return (
    <tr>
      <th scope="row" style={mark}>
        {person}
        {problem && <><br /><span className="fr-badge fr-badge--error fr-badge--sm">Ligne refusée</span></>}
      </th>
      <td style={mark}>
        {companyOf(line)}
        <br /><span className="fr-text--xs">{marketOf(line)}</span>
      </td>
      <td style={mark}>{contractOf(line)}</td>
      <td style={mark}>{line.previous == null ? 'non déclarées' : `${hoursText(line.previous)} h`}</td>
      <td style={mark}>
        {editable ? (
          <div className={`fr-input-group${problem ? ' fr-input-group--error' : ''} fr-mb-0`}>
            <label className="fr-label fr-sr-only" htmlFor={id}>Heures de {person} en {monthLabel(month)}, chez {companyOf(line)}</label>
            <input className={`fr-input${problem ? ' fr-input--error' : ''}`} id={id} name={id} inputMode="decimal" autoComplete="off" value={text}
              aria-describedby={problem ? `${id}-erreur` : undefined} aria-invalid={problem ? true : undefined}
              onChange={(event) => onType(event.target.value)} />
            {problem && <p className="fr-error-text" id={`${id}-erreur`}>{problem}</p>}
          </div>
        ) : (
          line.hours == null ? 'non déclarées' : `${hoursText(line.hours)} h`
        )}
      </td>
    </tr>
  );
}
