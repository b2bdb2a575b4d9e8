import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Api } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { initOrm } from '../../src/db/orm.js';
import { importDecpFile, type DecpImportOptions } from '../../src/imports/decp/importer.js';
import { emptySummary } from '../../src/imports/decp/summary.js';
import { CompaniesPageDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { demoUser, sql } from '../support/sql.js';
import { concession, DEPARTEMENT_SIRET, decp2019File, decpFile, marche, marche2019, modification, removeDecpFiles, UNKNOWN_BUYER_SIRET } from './decp-fixtures.js';

/** Valid SIRETs no demo company has. */
const NEW_WINNER = '55204599900869';
const LATER_WINNER = '12345600610005';
const DRY_RUN_WINNER = '12345601410009';
const PLIE_SIRET = '12345602210002';
const ID = (name: string) => `DECPT-${name}`;

let orm: MikroORM;
let knownWinner: string;

beforeAll(async () => {
  orm = await initOrm({ clientUrl: process.env.TEST_OWNER_URL!, audited: true });
  const taken = await sql('select siret from company where siret = any($1)', [[NEW_WINNER, LATER_WINNER, DRY_RUN_WINNER]]);
  expect(taken).toEqual([]);
  knownWinner = (await sql<{ siret: string }>('select siret from company order by siret limit 1'))[0]!.siret;
});

afterAll(async () => {
  const markets = "select id from market where decp_id like 'DECPT-%'";
  await sql(`delete from award where lot_id in (select id from lot where market_id in (${markets}))`);
  await sql(`delete from lot where market_id in (${markets})`);
  await sql(`delete from market where id in (${markets})`);
  await sql('delete from company where siret = any($1)', [[NEW_WINNER, LATER_WINNER, DRY_RUN_WINNER]]);
  await sql("delete from audit_event where request_id like 'decp-import:%'");
  await orm.close();
  await removeDecpFiles();
});

const importFile = (file: string, options?: DecpImportOptions) => importDecpFile(orm.em.fork(), file, options);

interface MarketRow {
  id: string; reference: string; object: string; status: string; nature: string; clause_mechanism: string; cpv_code: string;
  notification_date: string; start_date: string; end_date: string; duration_months: number; amount_ht: string;
  labour_rate: string | null; version: number; updated_at: Date;
}

const marketRows = () => sql<MarketRow>(
  `select id, reference, object, status, nature, clause_mechanism, cpv_code, to_char(notification_date, 'YYYY-MM-DD') as notification_date,
          to_char(start_date, 'YYYY-MM-DD') as start_date, to_char(end_date, 'YYYY-MM-DD') as end_date, duration_months, amount_ht,
          labour_rate, version, updated_at
     from market where decp_id like 'DECPT-%' order by decp_id`,
);
const marketOf = async (decpId: string) => (await marketRows()).find((row) => row.reference === decpId || row.id === decpId);
const winnersOf = async (decpId: string) => (await sql<{ siret: string; number: number; title: string }>(
  `select c.siret, l.number, l.title from award a join lot l on l.id = a.lot_id join market m on m.id = l.market_id join company c on c.id = a.company_id
    where m.decp_id = $1 order by c.siret`, [decpId])).map(({ siret, number, title }) => `${number}:${title}:${siret}`);
const auditCount = async () => Number((await sql<{ n: string }>("select count(*) as n from audit_event where request_id like 'decp-import:%'"))[0]!.n);

const FIRST_FILE = () => [
  marche({
    id: ID('WORKS'), considerations: ['Clause sociale', 'Critère social'], winners: [knownWinner, NEW_WINNER], objet: 'Rénovation du collège Jean Jaurès',
    extra: { modifications: [modification(1, { montant: 610000 })] },
  }),
  marche({ id: ID('NONE'), considerations: ['Pas de considération sociale'] }),
  marche({ id: ID('ELSEWHERE'), buyer: UNKNOWN_BUYER_SIRET }),
  marche({
    id: ID('RESERVED'), considerations: ['Marché réservé'], cpv: '71000000-8', notified: '2024-03-01', months: 12, amount: 90000,
    extra: { titulaires: [{ titulaire: { id: NEW_WINNER, typeIdentifiant: 'SIRET' } }, { titulaire: { id: 'FR40303265045', typeIdentifiant: 'TVA' } }] },
  }),
];

describe('importDecpFile', () => {
  it('makes draft markets of the buyers on the platform whose markets carry a social consideration', async () => {
    const file = await decpFile({ marche: FIRST_FILE(), 'contrat-concession': [concession('C1')] });
    expect(await importFile(file)).toEqual({
      ...emptySummary(), read: 4, concessions: 1, withSocialConsideration: 3, buyersNotOnPlatform: 1, created: 2, companiesCreated: 1, winnersWithoutSiret: 1,
    });
    expect(await marketRows()).toEqual([
      expect.objectContaining({
        reference: ID('RESERVED'), status: 'DRAFT', nature: 'ENGINEERING', clause_mechanism: 'RESERVED_MARKET', cpv_code: '71000000-8',
        notification_date: '2024-03-01', start_date: '2024-03-01', end_date: '2025-02-28', duration_months: 12, amount_ht: '90000.00',
      }),
      expect.objectContaining({
        reference: ID('WORKS'), object: 'Rénovation du collège Jean Jaurès', status: 'DRAFT', nature: 'WORKS', clause_mechanism: 'EXECUTION_CONDITION',
        cpv_code: '45000000-7', notification_date: '2024-05-15', start_date: '2024-05-15', end_date: '2028-05-14', duration_months: 48, amount_ht: '610000.00',
      }),
    ]);
    expect(await winnersOf(ID('WORKS'))).toEqual([knownWinner, NEW_WINNER].sort().map((siret) => `1:Rénovation du collège Jean Jaurès:${siret}`));
    expect(await winnersOf(ID('RESERVED'))).toEqual([`1:Travaux ${ID('RESERVED')}:${NEW_WINNER}`]);
    expect(await sql('select name, naf_code, headcount_band, kind from company where siret = $1', [NEW_WINNER]))
      .toEqual([{ name: null, naf_code: null, headcount_band: null, kind: 'ORDINARY' }]);
    const [buyer] = await sql<{ id: string }>('select id from organisation where siret = $1', [DEPARTEMENT_SIRET]);
    const audit = await sql<{ user_id: string | null; organisation_id: string; entity: string; action: string }>(
      "select user_id, organisation_id, entity, action from audit_event where request_id like 'decp-import:%'");
    expect(new Set(audit.map((event) => `${event.user_id}:${event.organisation_id}:${event.action}`))).toEqual(new Set([`null:${buyer!.id}:CREATE`]));
    expect(audit.map((event) => event.entity).sort()).toEqual(['Award', 'Award', 'Award', 'Company', 'Lot', 'Lot', 'Market', 'Market']);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = { markets: await marketRows(), audit: await auditCount() };
    expect(await importFile(await decpFile({ marche: FIRST_FILE() }))).toEqual({
      ...emptySummary(), read: 4, withSocialConsideration: 3, buyersNotOnPlatform: 1, unchanged: 2, winnersWithoutSiret: 1,
    });
    expect(await marketRows()).toEqual(before.markets);
    expect(await auditCount()).toBe(before.audit);
  });

  it("updates a draft from a corrected file, and keeps what the buyer completed", async () => {
    const works = (await marketOf(ID('WORKS')))!;
    await sql("update market set object = 'Collège Jean Jaurès : rénovation', labour_rate = 0.4, start_date = '2024-06-01' where id = $1", [works.id]);
    const corrected = marche({
      id: ID('WORKS'), winners: [knownWinner, NEW_WINNER], months: 36,
      extra: { modifications: [modification(1, { montant: 650000, winners: [knownWinner, NEW_WINNER, LATER_WINNER] })] },
    });
    expect(await importFile(await decpFile({ marche: [corrected] }))).toEqual({ ...emptySummary(), read: 1, withSocialConsideration: 1, updated: 1, companiesCreated: 1 });
    expect(await marketOf(works.id)).toMatchObject({
      object: 'Collège Jean Jaurès : rénovation', labour_rate: '0.4000', start_date: '2024-06-01',
      duration_months: 36, amount_ht: '650000.00', end_date: '2027-05-14', version: works.version + 1,
    });
    expect(await winnersOf(ID('WORKS'))).toHaveLength(3);
  });

  it('leaves a market that is no longer a draft', async () => {
    const reserved = (await marketOf(ID('RESERVED')))!;
    await sql("update market set status = 'ACTIVE' where id = $1", [reserved.id]);
    const corrected = marche({ id: ID('RESERVED'), considerations: ['Marché réservé'], amount: 1 });
    expect(await importFile(await decpFile({ marche: [corrected] }))).toMatchObject({ noLongerDraft: 1, updated: 0 });
    expect(await marketOf(reserved.id)).toMatchObject({ amount_ht: '90000.00', status: 'ACTIVE' });
  });

  it('skips a market whose DECP id another market of the buyer has as its reference', async () => {
    const [market] = await sql<{ reference: string }>("select reference from market where buyer_id = (select id from organisation where siret = $1) and decp_id is null limit 1", [DEPARTEMENT_SIRET]);
    expect(await importFile(await decpFile({ marche: [marche({ id: market!.reference })] }))).toMatchObject({ referenceTaken: 1, created: 0 });
  });

  it('makes no market of an organisation that does not buy, a PLIE say, whose SIRET a record names', async () => {
    const [plie] = await sql<{ id: string; siret: string | null }>("select id, siret from organisation where kind = 'PLIE' order by name limit 1");
    await sql('update organisation set siret = $1 where id = $2', [PLIE_SIRET, plie!.id]);
    try {
      const file = await decpFile({ marche: [marche({ id: ID('PLIE'), buyer: PLIE_SIRET })] });
      expect(await importFile(file)).toMatchObject({ withSocialConsideration: 1, buyersNotOnPlatform: 1, created: 0 });
      expect(await marketOf(ID('PLIE'))).toBeUndefined();
    } finally {
      await sql('update organisation set siret = $1 where id = $2', [plie!.siret, plie!.id]);
    }
  });

  it('writes nothing on a dry run, and tells what it would do', async () => {
    const before = await auditCount();
    const file = await decpFile({ marche: [marche({ id: ID('DRY'), winners: [DRY_RUN_WINNER] })] });
    expect(await importFile(file, { dryRun: true })).toMatchObject({ created: 1, companiesCreated: 1 });
    expect(await marketOf(ID('DRY'))).toBeUndefined();
    expect(await sql('select id from company where siret = $1', [DRY_RUN_WINNER])).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('skips a record it cannot take, naming it, and writes nothing when the file breaks off', async () => {
    const problems: string[] = [];
    const bad = marche({ id: ID('BAD'), notified: '2024-02-30' });
    expect(await importFile(await decpFile({ marche: [marche({ id: ID('NOT-MINE'), buyer: UNKNOWN_BUYER_SIRET }), bad] }), { onProblem: (problem) => problems.push(problem) }))
      .toMatchObject({ rejected: 1, created: 0 });
    expect(problems).toEqual([`Marché « ${ID('BAD')} » (enregistrement n° 2) : date de notification invalide ("2024-02-30")`]);
    const before = await auditCount();
    const good = marche({ id: ID('GOOD'), winners: [DRY_RUN_WINNER] });
    const broken = JSON.stringify({ marches: { marche: [good] } }).replace(/\]\}\}$/, ', {"id": ');
    await expect(importFile(await decpFile(broken))).rejects.toThrow(/illisible/);
    expect(await marketOf(ID('GOOD'))).toBeUndefined();
    expect(await sql('select id from company where siret = $1', [DRY_RUN_WINNER])).toEqual([]);
    expect(await auditCount()).toBe(before);
  });
});

describe('importDecpFile on the files actually published', () => {
  it('takes dates with an offset, amounts written as text, and social considerations in every shape', async () => {
    const file = await decpFile({ marche: [
      marche({ id: ID('OFFSET'), notified: '2024-06-03+01:00', months: 12 }),
      marche({ id: ID('TEXT'), amount: '187654.32' }),
      marche({ id: ID('MODTEXT'), extra: { modifications: [modification(1, { montant: '200000.5' })] } }),
      marche({ id: ID('OBJECTS'), extra: { considerationsSociales: [{ considerationSociale: 'Critère social' }] } }),
      marche({ id: ID('PLAIN'), extra: { considerationsSociales: ['Marché réservé'] } }),
    ] });
    expect(await importFile(file)).toEqual({ ...emptySummary(), read: 5, withSocialConsideration: 5, created: 5 });
    const rows = new Map((await marketRows()).map((row) => [row.reference, row]));
    expect(rows.get(ID('OFFSET'))).toMatchObject({ notification_date: '2024-06-03', start_date: '2024-06-03', end_date: '2025-06-02' });
    expect(rows.get(ID('TEXT'))).toMatchObject({ amount_ht: '187654.32' });
    expect(rows.get(ID('MODTEXT'))).toMatchObject({ amount_ht: '200000.50' });
    expect(rows.get(ID('OBJECTS'))).toMatchObject({ clause_mechanism: 'AWARD_CRITERION' });
    expect(rows.get(ID('PLAIN'))).toMatchObject({ clause_mechanism: 'RESERVED_MARKET' });
  });

  it('skips only the record it cannot take, says why, and imports the others', async () => {
    const problems: string[] = [];
    const file = await decpFile({ marche: [marche({ id: ID('BADAMOUNT'), amount: 'beaucoup' }), marche({ id: ID('GOODAMOUNT') })] });
    expect(await importFile(file, { onProblem: (problem) => problems.push(problem) }))
      .toEqual({ ...emptySummary(), read: 2, withSocialConsideration: 2, rejected: 1, created: 1 });
    expect(problems).toEqual([`Marché « ${ID('BADAMOUNT')} » (enregistrement n° 1) : montant invalide ("beaucoup" : un nombre d'euros positif)`]);
    expect(await marketOf(ID('BADAMOUNT'))).toBeUndefined();
    expect(await marketOf(ID('GOODAMOUNT'))).toBeDefined();
  });

  it('keeps the latest publication of a market whatever its place in the file, and a second import changes nothing', async () => {
    const newer = marche({ id: ID('TWICE'), amount: 500000, extra: { modifications: [modification(1, { montant: 700000, published: '2024-10-01' })] } });
    const older = marche({ id: ID('TWICE'), amount: 500000 });
    expect(await importFile(await decpFile({ marche: [newer, older] })))
      .toEqual({ ...emptySummary(), read: 2, withSocialConsideration: 2, superseded: 1, created: 1 });
    expect(await marketOf(ID('TWICE'))).toMatchObject({ amount_ht: '700000.00' });
    const before = { markets: await marketRows(), audit: await auditCount() };
    for (const order of [[newer, older], [older, newer]]) {
      expect(await importFile(await decpFile({ marche: order })))
        .toEqual({ ...emptySummary(), read: 2, withSocialConsideration: 2, superseded: 1, unchanged: 1 });
    }
    expect(await marketRows()).toEqual(before.markets);
    expect(await auditCount()).toBe(before.audit);
  });

  it('tells publications apart by their latest date, first or of a modification', async () => {
    const republished = marche({ id: ID('REPUB'), amount: 300000, extra: { datePublicationDonnees: '2024-12-01' } });
    const modified = marche({ id: ID('REPUB'), amount: 100000, extra: { modifications: [modification(1, { montant: 200000, published: '2024-11-30' })] } });
    expect(await importFile(await decpFile({ marche: [republished, modified] }))).toMatchObject({ created: 1, superseded: 1 });
    expect(await marketOf(ID('REPUB'))).toMatchObject({ amount_ht: '300000.00' });
  });

  it('reads a file of the 2019 format', async () => {
    const file = await decp2019File([
      marche2019(ID('OLD')),
      { _type: 'Contrat de concession', id: ID('OLDC'), autoriteConcedante: { id: DEPARTEMENT_SIRET, nom: 'Département' } },
      marche2019(ID('OLDSOCIAL'), { extra: { considerationsSociales: { considerationSociale: ['Clause sociale'] } } }),
    ]);
    expect(await importFile(file)).toEqual({ ...emptySummary(), read: 2, concessions: 1, withSocialConsideration: 1, created: 1 });
    expect(await marketOf(ID('OLDSOCIAL'))).toMatchObject({ notification_date: '2019-05-15', amount_ht: '120000.00' });
  });

  it('refuses a file with no record, and writes nothing', async () => {
    const before = await auditCount();
    await expect(importFile(await decpFile({ marche: [] }))).rejects.toThrow(/aucun marché ni contrat de concession/);
    await expect(importFile(await decpFile('{"data": []}'))).rejects.toThrow(/aucun marché ni contrat de concession/);
    expect(await auditCount()).toBe(before);
  });
});

describe('companies of unknown name', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('are listed, and paged through, after the named ones', async () => {
    const token = await tokenFor((await demoUser('DEPARTEMENT', 'VIEWER')).email);
    const [count] = await sql<{ n: string }>('select count(*) as n from company');
    const seen: { siret: string; name: string | null }[] = [];
    let after: string | null | undefined;
    do {
      const response = await execute(api.url, CompaniesPageDocument, { first: 100, after }, { token });
      expect(response.errors).toBeUndefined();
      seen.push(...response.data!.companies.nodes);
      after = response.data!.companies.pageInfo.hasNextPage ? response.data!.companies.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(Number(count!.n));
    expect(seen.slice(-2)).toEqual([expect.objectContaining({ name: null }), expect.objectContaining({ name: null })]);
  });
});

describe('npm run import:decp', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/cli/import-decp.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', DATA_DIR: process.env.TEST_DATA_DIR, DATABASE_URL: process.env.TEST_OWNER_URL, APP_DATABASE_URL: process.env.TEST_APP_URL, SEED_DEMO: 'false' },
  });

  it('prints the summary of a dry run', async () => {
    const run = cli(await decpFile({ marche: [marche({ id: ID('CLI') })] }), '--dry-run');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Essai \(rien n'est écrit\) : .*decp\.json\n\s+1  marchés lus\n/);
    expect(run.stdout).toMatch(/\n\s+1  brouillons créés\n/);
    expect(await marketOf(ID('CLI'))).toBeUndefined();
  });

  it('says how to use it, and why it gave up', async () => {
    expect(cli().status).toBe(2);
    const failed = cli(await decpFile('not json'));
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^Import DECP abandonné, rien n'est écrit : Fichier .* illisible : ce n'est pas du JSON, ou il est tronqué\n$/);
  });

  it.each([
    ['an empty file', ''],
    ['a file of another shape', '{"data": [{"id": "X"}]}'],
    ['a file with no record', '{"marches": {"marche": []}}'],
  ])('refuses %s, in French, with a non-zero exit', async (_case, content) => {
    const failed = cli(await decpFile(content));
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/^Import DECP abandonné, rien n'est écrit : Fichier .*decp\.json : aucun marché ni contrat de concession au format DECP \(2019 ou 2024\)/);
  });
});

describe('the example of docs/imports-decp.md', () => {
  const SAMPLE_IDS = ['CD62-DECP-0001', 'CD62-DECP-0002', 'CD62-DECP-0003', 'CD62-DECP-0004'];
  const markets = "select id from market where decp_id = any($1)";
  afterAll(async () => {
    await sql(`delete from award where lot_id in (select id from lot where market_id in (${markets}))`, [SAMPLE_IDS]);
    await sql(`delete from lot where market_id in (${markets})`, [SAMPLE_IDS]);
    await sql(`delete from market where id in (${markets})`, [SAMPLE_IDS]);
    await sql("delete from audit_event where request_id like 'decp-import:%'");
  });

  /** The import commands of the page, in its order: `npm run import:decp -- ARGS`. */
  async function documentedCommands(): Promise<string[][]> {
    const page = await readFile(path.join(PROJECT_ROOT, 'docs/imports-decp.md'), 'utf8');
    return [...page.matchAll(/^npm run import:decp -- (docs\/examples\/\S+.*)$/gm)].map((match) => match[1]!.trim().split(/\s+/));
  }
  /** As npm runs it: from the project's root, on the database of the tests. */
  const run = (args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/cli/import-decp.js'), ...args], {
    encoding: 'utf8', cwd: PROJECT_ROOT,
    env: { ...process.env, INIT_CWD: PROJECT_ROOT, NODE_ENV: 'test', DATA_DIR: process.env.TEST_DATA_DIR, DATABASE_URL: process.env.TEST_OWNER_URL, APP_DATABASE_URL: process.env.TEST_APP_URL, SEED_DEMO: 'false' },
  });
  const sampleRows = () => sql<{ decp_id: string; notification_date: string; amount_ht: string; duration_months: number; clause_mechanism: string; nature: string; version: number; winners: string[] }>(
    `select m.decp_id, to_char(m.notification_date, 'YYYY-MM-DD') as notification_date, m.amount_ht, m.duration_months, m.clause_mechanism, m.nature, m.version,
            array(select c.siret from award a join lot l on l.id = a.lot_id join company c on c.id = a.company_id where l.market_id = m.id order by c.siret) as winners
       from market m where m.decp_id = any($1) order by m.decp_id`, [SAMPLE_IDS]);
  const line = (count: number, label: string) => new RegExp(`\\n\\s+${count}  ${label.replace(/[()]/g, '\\$&')}\\n`);

  it('runs as documented on the demo data, and changes nothing when run again', async () => {
    const commands = await documentedCommands();
    expect(commands).toEqual([['docs/examples/decp-exemple.json', '--dry-run'], ['docs/examples/decp-exemple.json']]);
    const dry = run(commands[0]!);
    expect([dry.status, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toMatch(line(4, 'brouillons créés'));
    expect(await sampleRows()).toEqual([]);

    const first = run(commands[1]!);
    expect([first.status, first.stderr]).toEqual([0, '']);
    for (const [count, label] of [[7, 'marchés lus'], [6, 'avec une considération sociale'], [1, "dont l'acheteur n'est pas sur la plateforme (ignorés)"],
      [1, 'publications remplacées par une plus récente du même marché (ignorées)'], [4, 'brouillons créés'], [1, 'titulaires sans SIRET valide (ignorés)']] as const) {
      expect(first.stdout).toMatch(line(count, label));
    }
    const imported = await sampleRows();
    expect(imported).toEqual([
      expect.objectContaining({ decp_id: 'CD62-DECP-0001', notification_date: '2024-06-03', amount_ht: '1250000.00', clause_mechanism: 'EXECUTION_CONDITION', nature: 'WORKS', winners: ['68412180902161', '80205894102746'] }),
      expect.objectContaining({ decp_id: 'CD62-DECP-0002', amount_ht: '187654.32', clause_mechanism: 'EXECUTION_CONDITION', nature: 'ENGINEERING', winners: ['72457302701516'] }),
      expect.objectContaining({ decp_id: 'CD62-DECP-0003', amount_ht: '104500.00', duration_months: 30, clause_mechanism: 'RESERVED_MARKET', nature: 'SERVICES' }),
      expect.objectContaining({ decp_id: 'CD62-DECP-0004', amount_ht: '2415000.00', winners: ['80431659402135'] }),
    ]);
    const audit = await auditCount();

    const again = run(commands[1]!);
    expect([again.status, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toMatch(line(4, 'inchangés'));
    expect(again.stdout).toMatch(line(0, 'brouillons mis à jour'));
    expect(await sampleRows()).toEqual(imported);
    expect(await auditCount()).toBe(audit);
  });

  (process.env.TEST_DATABASE_MODE === 'embedded' ? it : it.skip)('says in French that a running platform holds the data folder', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATA_DIR: process.env.TEST_DATA_DIR };
    delete env.DATABASE_URL;
    const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/cli/import-decp.js'), await decpFile({ marche: [] })], { encoding: 'utf8', env });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Import DECP abandonné, rien n'est écrit : Le dossier de données .* est utilisé par une plateforme en marche \(pid \d+\) : arrêtez-la, ou choisissez un autre dossier \(variable DATA_DIR\)\.\n$/);
  });
});
