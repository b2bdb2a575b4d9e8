/**
 * Import of the follow-up spreadsheet (issue 16): the file chosen (CSV or XLSX), sent as a form to POST /imports for a
 * dry run first; its progress, then its problems as a table (row, column, message) and the refused lines to download
 * (with « Motif du refus », to fix in Excel and send back); then the real import of the same file, its progress and
 * its result.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Table } from '@codegouvfr/react-dsfr/Table';
import { Upload } from '@codegouvfr/react-dsfr/Upload';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, request, send } from '../../api/client';
import { graphql } from '../../gql';
import type { ImportPageJobQuery } from '../../gql/graphql';
import { usePageTitle } from '../../layout/page-title';

const ImportPageJobDocument = graphql(`
  query ImportPageJob($id: ID!) {
    node(id: $id) {
      ... on ImportJob {
        id
        fileName
        dryRun
        allOrNothing
        status
        written
        progress
        problemCount
        error
        counts {
          rows
          accepted
          refused
          beneficiariesCreated
          beneficiariesUpdated
          placementsCreated
          placementsUpdated
          hoursCreated
          hoursUpdated
          hoursUnchanged
        }
        problems { sheet row column code message }
      }
    }
  }
`);

type Job = Extract<NonNullable<ImportPageJobQuery['node']>, { __typename?: 'ImportJob'; status: unknown }>;

/** How often a running job is asked for its progress. */
const POLL_MS = 500;
const ACCEPTED = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ended = (job: Job | null) => job?.status === 'COMPLETED' || job?.status === 'FAILED';
const isWorkbook = (fileName: string) => /\.xlsx$/i.test(fileName);
const plural = (count: number, one: string, many: string) => `${count.toLocaleString('fr-FR')} ${count > 1 ? many : one}`;

/** Sends the file as a form (multipart/form-data), and gives the id of its job. */
async function sendFile(file: File, dryRun: boolean): Promise<string> {
  const form = new FormData();
  form.append('dryRun', dryRun ? 'true' : 'false');
  form.append('file', file, file.name);
  const response = await send('/imports', { method: 'POST', body: form });
  const body = (await response.json()) as { importJob: { id: string } };
  return body.importJob.id;
}

/** Follows a job until it ends, giving each state it is seen in. */
function useJob(id: string | null): { job: Job | null; error: string | null } {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setJob(null);
    setError(null);
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const { node } = await request(ImportPageJobDocument, { id });
        if (stopped) return;
        const found = node && 'status' in node ? (node as Job) : null;
        if (!found) throw new ApiError('L’import est introuvable', 'NOT_FOUND');
        setJob(found);
        if (!ended(found)) timer = setTimeout(poll, POLL_MS);
      } catch (caught) {
        if (!stopped) setError(caught instanceof Error ? caught.message : 'Erreur inconnue');
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id]);
  return { job, error };
}

function Progress({ job, label }: { job: Job | null; label: string }) {
  const percent = Math.round((job?.progress ?? 0) * 100);
  const status = !job || job.status === 'QUEUED' ? 'en attente de son tour' : `${percent} % du fichier lu`;
  return (
    <div className="fr-my-4w" role="status" aria-live="polite">
      <p className="fr-mb-1w" id="import-progress-label">{label} : {status}</p>
      <progress aria-labelledby="import-progress-label" max={100} value={percent} style={{ width: '100%' }} />
    </div>
  );
}

function Counts({ job, caption }: { job: Job; caption: string }) {
  const counts = job.counts;
  if (!counts) return null;
  return (
    <Table
      caption={caption}
      headers={['', 'Créés', 'Mis à jour', 'Inchangés']}
      data={[
        ['Participants', counts.beneficiariesCreated, counts.beneficiariesUpdated, '—'],
        ['Mises en emploi', counts.placementsCreated, counts.placementsUpdated, '—'],
        ['Mois d’heures', counts.hoursCreated, counts.hoursUpdated, counts.hoursUnchanged],
      ].map((row) => row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('fr-FR') : cell)))}
    />
  );
}

/** Problems that refuse nothing: the line is accepted (the server's WARNING_CODES). */
const WARNINGS = new Set(['PROBABLE_DUPLICATE']);

function Problems({ job }: { job: Job }) {
  if (!job.problems.length) return null;
  const sheets = new Set(job.problems.map((problem) => problem.sheet));
  const withSheet = sheets.size > 1 || isWorkbook(job.fileName);
  const shown = job.problems.length < job.problemCount ? ` (les ${job.problems.length.toLocaleString('fr-FR')} premiers sur ${job.problemCount.toLocaleString('fr-FR')})` : '';
  return (
    <Table
      caption={`Problèmes trouvés dans le fichier${shown}`}
      headers={[...(withSheet ? ['Feuille'] : []), 'Ligne', 'Colonne', 'Nature', 'Problème']}
      data={job.problems.map((problem) => [
        ...(withSheet ? [problem.sheet] : []),
        problem.row === 0 ? 'toute la feuille' : problem.row.toLocaleString('fr-FR'),
        problem.column ?? '—',
        WARNINGS.has(problem.code) ? 'Avertissement (ligne acceptée)' : 'Refus',
        problem.message,
      ])}
    />
  );
}

/** The refused lines, as the server kept them, saved as a file of the same family as the one sent. */
async function downloadRefused(job: Job): Promise<void> {
  const format = isWorkbook(job.fileName) ? 'xlsx' : 'csv';
  const response = await send(`/exports/import-refused.${format}?id=${encodeURIComponent(job.id)}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${job.fileName.replace(/\.[^.]*$/, '')} - lignes refusées.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Summary({ job }: { job: Job }) {
  const counts = job.counts;
  if (job.status === 'FAILED') {
    return <Alert severity="error" title="Le fichier n’a pas pu être lu" description={job.error ?? 'L’import a échoué, rien n’a été écrit.'} className="fr-mb-3w" />;
  }
  if (!counts) return null;
  const lines = `${plural(counts.rows, 'ligne lue', 'lignes lues')} : ${plural(counts.accepted, 'acceptée', 'acceptées')}, ${plural(counts.refused, 'refusée', 'refusées')}.`;
  if (job.dryRun) {
    return (
      <Alert
        severity={counts.refused ? 'warning' : 'success'}
        title={counts.refused ? 'Vérification terminée : des lignes sont refusées' : 'Vérification terminée : tout est accepté'}
        description={`${lines} Rien n’a encore été écrit.`}
        className="fr-mb-3w"
      />
    );
  }
  return (
    <Alert
      severity={job.written ? (counts.refused ? 'warning' : 'success') : 'error'}
      title={job.written ? 'Import terminé' : 'Import terminé sans rien écrire'}
      description={job.written ? `${lines} Les lignes acceptées sont enregistrées.` : `${lines} Rien n’a été écrit.`}
      className="fr-mb-3w"
    />
  );
}

export function ImportPage() {
  usePageTitle('Import de tableur');
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [checkId, setCheckId] = useState<string | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const check = useJob(checkId);
  const real = useJob(importId);
  const input = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  // Focus follows the page to its next step, for keyboards and screen readers.
  useEffect(() => {
    if (ended(check.job)) heading.current?.focus();
  }, [check.job?.status]);
  useEffect(() => {
    if (ended(real.job)) resultHeading.current?.focus();
  }, [real.job?.status]);

  const start = async (dryRun: boolean) => {
    if (!file) {
      setFileProblem('Choisissez un fichier CSV ou XLSX');
      input.current?.focus();
      return;
    }
    setSending(true);
    setSendError(null);
    try {
      const id = await sendFile(file, dryRun);
      if (dryRun) {
        setImportId(null);
        setCheckId(id);
      } else setImportId(id);
    } catch (caught) {
      setSendError(caught instanceof Error ? caught.message : 'Erreur inconnue');
    } finally {
      setSending(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void start(true);
  };

  const restart = () => {
    setFile(null);
    setCheckId(null);
    setImportId(null);
    setSendError(null);
    setDownloadError(null);
    if (input.current) input.current.value = '';
    setTimeout(() => input.current?.focus(), 0);
  };

  const checked = check.job && ended(check.job) ? check.job : null;
  const done = real.job && ended(real.job) ? real.job : null;
  const busy = sending || (checkId !== null && !checked && !check.error) || (importId !== null && !done && !real.error);

  return (
    <>
      <h1>Import de tableur</h1>
      <p>
        Importez le suivi tenu dans Excel : participants, mises en emploi et heures du mois. Le fichier est d’abord
        vérifié sans rien écrire ; vous voyez les lignes refusées et leur motif, vous pouvez les télécharger pour les
        corriger dans Excel et renvoyer ce fichier ; puis vous confirmez l’import.
      </p>

      <form onSubmit={onSubmit} noValidate className="fr-mb-4w">
        <Upload
          label="Fichier de suivi"
          hint="CSV (séparé par « ; », tel qu’Excel l’enregistre) ou classeur XLSX, 512 Mo au plus. Les colonnes Nom, Prénom et Date de naissance sont obligatoires."
          state={fileProblem ? 'error' : 'default'}
          stateRelatedMessage={fileProblem ?? undefined}
          nativeInputProps={{
            ref: input,
            accept: ACCEPTED,
            name: 'file',
            disabled: busy,
            onChange: (event) => {
              const chosen = event.currentTarget.files?.[0] ?? null;
              setFile(chosen);
              setFileProblem(chosen && !/\.(csv|xlsx)$/i.test(chosen.name) ? 'Le fichier doit être un CSV ou un classeur XLSX' : null);
              setCheckId(null);
              setImportId(null);
              setSendError(null);
            },
          }}
        />
        <Button type="submit" className="fr-mt-2w" disabled={busy || Boolean(fileProblem)} iconId="fr-icon-search-line">
          Vérifier le fichier
        </Button>
      </form>

      {sendError && <Alert severity="error" title="Le fichier n’a pas été envoyé" description={sendError} className="fr-mb-3w" />}
      {check.error && <Alert severity="error" title="La vérification ne peut pas être suivie" description={check.error} className="fr-mb-3w" />}
      {checkId && !checked && !check.error && <Progress job={check.job} label="Vérification du fichier" />}

      {checked && !importId && (
        <section aria-labelledby="import-verification">
          <h2 id="import-verification" ref={heading} tabIndex={-1}>Vérification de « {checked.fileName} »</h2>
          <Summary job={checked} />
          {checked.status === 'COMPLETED' && (
            <>
              <Counts job={checked} caption="Ce que l’import écrira" />
              <Problems job={checked} />
              {(checked.counts?.refused ?? 0) > 0 && (
                <div className="fr-mb-3w">
                  <p>
                    Téléchargez les lignes refusées telles qu’elles étaient dans votre fichier, avec une dernière colonne
                    « Motif du refus » ({isWorkbook(checked.fileName) ? 'classeur XLSX, une feuille par feuille du fichier' : 'CSV qu’Excel ouvre'}) :
                    corrigez-les, puis choisissez ce fichier ci-dessus et vérifiez-le. La colonne du motif est ignorée à l’import.
                  </p>
                  <Button
                    priority="secondary"
                    iconId="fr-icon-download-line"
                    onClick={() => {
                      setDownloadError(null);
                      downloadRefused(checked).catch((caught: unknown) => setDownloadError(caught instanceof Error ? caught.message : 'Erreur inconnue'));
                    }}
                  >
                    Télécharger les lignes refusées
                  </Button>
                  {downloadError && <Alert severity="error" small description={downloadError} className="fr-mt-2w" />}
                </div>
              )}
              {!importId && (
                <ul className="fr-btns-group fr-btns-group--inline-md">
                  <li>
                    <Button onClick={() => void start(false)} disabled={busy || (checked.counts?.accepted ?? 0) === 0}>
                      {(checked.counts?.refused ?? 0) > 0 ? 'Importer les lignes acceptées' : 'Importer le fichier'}
                    </Button>
                  </li>
                  <li>
                    <Button priority="secondary" onClick={restart} disabled={busy}>Choisir un autre fichier</Button>
                  </li>
                </ul>
              )}
            </>
          )}
        </section>
      )}

      {real.error && <Alert severity="error" title="L’import ne peut pas être suivi" description={real.error} className="fr-mb-3w" />}
      {importId && !done && !real.error && <Progress job={real.job} label="Import du fichier" />}

      {done && (
        <section aria-labelledby="import-resultat">
          <h2 id="import-resultat" ref={resultHeading} tabIndex={-1}>Résultat de l’import</h2>
          <Summary job={done} />
          {done.status === 'COMPLETED' && (
            <>
              <Counts job={done} caption="Ce que l’import a écrit" />
              <Problems job={done} />
            </>
          )}
          <Button priority="secondary" onClick={restart}>Importer un autre fichier</Button>
        </section>
      )}
    </>
  );
}
