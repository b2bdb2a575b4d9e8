/**
 * The soak's mixed load: workers, each in a closed loop, read as the readers and write as a PLIE editor.
 * A worker owns the people it registers, so that the writes to one row come one after the other and the
 * last acknowledged value is what the row must hold; the months of one placement are reported at once,
 * each in its own request (they once raced).
 */
import type { Actor, Cast, Writer } from './soak-actors.js';
import type { SoakClient } from './soak-client.js';
import type { Ledger, PersonWritten, PlacementWritten } from './soak-ledger.js';
import { MARKETS_PAGE_QUERY, PAGE_SIZE, VIEWER_QUERY } from './scenarios.js';

const CHARTER_INDICATORS_QUERY = `query CharterIndicators($scope: IndicatorScopeInput!, $period: PeriodInput!) {
  indicators(scope: $scope, period: $period) {
    total { realised { hours etp } people { value suppressed } contracts { value suppressed } targets { kind target achieved progress suppressed } }
    share { realised { hours } people { value suppressed } }
  }
}`;

const IMPORT_JOBS_QUERY = 'query RecentImportJobs { importJobs(first: 10) { totalCount nodes { id fileName status } } }';

const BENEFICIARIES_QUERY = `query Beneficiaries($first: Int) {
  beneficiaries(first: $first) { totalCount pageInfo { hasNextPage endCursor } nodes { id ageBand entryDate isBrsa identity { lastName firstName } } }
}`;

const REGISTER = `mutation RegisterBeneficiary($fields: BeneficiaryFields!) {
  registerBeneficiary(fields: $fields) { id version isBrsa identity { lastName phone } }
}`;
const UPDATE_PERSON = `mutation UpdateBeneficiary($input: UpdateBeneficiaryInput!) {
  updateBeneficiary(input: $input) { id version isBrsa identity { phone } }
}`;
const CREATE_PLACEMENT = `mutation CreatePlacement($fields: PlacementFields!) {
  createPlacement(fields: $fields) { id version endDate weeklyHours }
}`;
const UPDATE_PLACEMENT = `mutation UpdatePlacement($input: UpdatePlacementInput!) {
  updatePlacement(input: $input) { id version endDate weeklyHours }
}`;
const REPORT_HOURS = `mutation ReportHours($input: ReportHoursInput!) {
  reportHours(input: $input) { id version realisedHours }
}`;

export interface Read {
  operation: string;
  weight: number;
  query: string;
  variables(cast: Cast): Record<string, unknown>;
}

export const READS: Read[] = [
  { operation: 'markets page', weight: 25, query: MARKETS_PAGE_QUERY, variables: () => ({ first: PAGE_SIZE, orderBy: { field: 'REFERENCE', direction: 'ASC' } }) },
  { operation: 'viewer', weight: 20, query: VIEWER_QUERY, variables: () => ({}) },
  {
    operation: 'charter indicators', weight: 20, query: CHARTER_INDICATORS_QUERY,
    variables: (cast) => ({ scope: { kind: 'CHARTER', id: cast.charterId }, period: { year: cast.year } }),
  },
  { operation: 'import jobs', weight: 15, query: IMPORT_JOBS_QUERY, variables: () => ({}) },
  { operation: 'beneficiaries', weight: 20, query: BENEFICIARIES_QUERY, variables: () => ({ first: 20 }) },
];

const REFUSALS = ['FORBIDDEN', 'NOT_FOUND'];

/** Every operation the soak sends, for a test to validate them against the schema. */
export const SOAK_OPERATIONS = [...READS.map((read) => read.query), REGISTER, UPDATE_PERSON, CREATE_PLACEMENT, UPDATE_PLACEMENT, REPORT_HOURS];

/** Which readers each read is sent as: those the preflight did not find refused by design. */
export type ReadPlan = { read: Read; readers: Actor[] }[];

export interface LoadSettings {
  workers: number;
  /** Share of a worker's steps that write. */
  writeShare: number;
  durationMs: number;
}

interface Person extends PersonWritten {
  id: string;
  placement?: PlacementWritten & { id: string };
}

/** People a worker keeps writing to; older ones are left as they are. */
const PEOPLE_KEPT = 30;
const WEEKLY_HOURS = [20, 24, 28, 30, 35];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const twoDigits = (n: number) => String(n).padStart(2, '0');
/** 0 to 150 hours, to the hundredth, as facilitators report them. */
const someHours = () => Math.round(Math.random() * 15_000) / 100;

function pickWeighted<T extends { weight: number }>(items: readonly T[]): T {
  let draw = Math.random() * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) {
    draw -= item.weight;
    if (draw < 0) return item;
  }
  return items[items.length - 1]!;
}

class Worker {
  readonly #people: Person[] = [];
  #registered = 0;

  constructor(
    private readonly client: SoakClient,
    private readonly ledger: Ledger,
    private readonly writer: Writer,
    private readonly runId: string,
    private readonly number: number,
  ) {}

  async register(): Promise<void> {
    this.#registered += 1;
    const lastName = `Endurance-${this.runId}-${this.number}-${this.#registered}`;
    const isBrsa = Math.random() < 0.3;
    const fields = {
      lastName, firstName: pick(['Inès', 'Karim', 'Léa', 'Yanis', 'Chloé']), birthDate: `${1960 + Math.floor(Math.random() * 45)}-0${1 + Math.floor(Math.random() * 9)}-15`,
      sex: pick(['FEMALE', 'MALE']), entryDate: `${this.writer.year}-01-01`, residenceCommune: 'Calais',
      isBrsa, isDeld: !isBrsa, isAse: false, isRqth: false, qualificationLevel: 'LEVEL_4',
    };
    const data = await this.client.request<{ registerBeneficiary: { id: string; version: number } }>('registerBeneficiary', this.writer, REGISTER, { fields });
    if (!data) return;
    const person: Person = { id: data.registerBeneficiary.id, version: data.registerBeneficiary.version, lastName, isBrsa, phone: null };
    this.ledger.person(person.id, written(person));
    this.#people.push(person);
    if (this.#people.length > PEOPLE_KEPT) this.#people.shift();
  }

  async updatePerson(person: Person): Promise<void> {
    const isBrsa = !person.isBrsa;
    const phone = `06 ${twoDigits(this.number)} ${twoDigits(Math.floor(Math.random() * 100))} ${twoDigits(Math.floor(Math.random() * 100))} ${twoDigits(Math.floor(Math.random() * 100))}`;
    const input = { id: person.id, version: person.version, fields: { isBrsa, phone } };
    const data = await this.client.request<{ updateBeneficiary: { version: number } }>('updateBeneficiary', this.writer, UPDATE_PERSON, { input });
    if (!data) return;
    Object.assign(person, { version: data.updateBeneficiary.version, isBrsa, phone });
    this.ledger.person(person.id, written(person));
  }

  async createPlacement(person: Person): Promise<void> {
    const terms = { weeklyHours: pick(WEEKLY_HOURS), endDate: `${this.writer.year}-12-31` };
    const fields = {
      beneficiaryId: person.id, marketId: this.writer.marketId, companyId: pick(this.writer.companyIds), contractType: 'CDD', modality: 'DIRECT_HIRE',
      startDate: `${this.writer.year}-01-01`, ...terms,
    };
    const data = await this.client.request<{ createPlacement: { id: string; version: number } }>('createPlacement', this.writer, CREATE_PLACEMENT, { fields });
    if (!data) return;
    person.placement = { id: data.createPlacement.id, version: data.createPlacement.version, ...terms };
    this.ledger.placement(person.placement.id, placementWritten(person.placement));
  }

  async updatePlacement(placement: NonNullable<Person['placement']>): Promise<void> {
    const weeklyHours = pick(WEEKLY_HOURS.filter((hours) => hours !== placement.weeklyHours));
    const input = { id: placement.id, version: placement.version, fields: { weeklyHours } };
    const data = await this.client.request<{ updatePlacement: { version: number } }>('updatePlacement', this.writer, UPDATE_PLACEMENT, { input });
    if (!data) return;
    Object.assign(placement, { version: data.updatePlacement.version, weeklyHours });
    this.ledger.placement(placement.id, placementWritten(placement));
  }

  /** Reports `months` distinct months of the placement, each in its own request, all sent at once. */
  async reportHours(placement: NonNullable<Person['placement']>, months: number): Promise<void> {
    const chosen = [...Array(12).keys()].map((index) => index + 1).sort(() => Math.random() - 0.5).slice(0, months);
    const operation = months === 1 ? 'reportHours' : 'reportHours (months at once)';
    await Promise.all(chosen.map(async (n) => {
      const hours = someHours();
      // Any day of the month names it.
      const input = { placementId: placement.id, month: `${this.writer.year}-${twoDigits(n)}-${twoDigits(1 + Math.floor(Math.random() * 28))}`, hours, version: placement.version };
      if (await this.client.request(operation, this.writer, REPORT_HOURS, { input })) this.ledger.monthlyHours(placement.id, `${this.writer.year}-${twoDigits(n)}-01`, hours);
    }));
  }

  async write(): Promise<void> {
    const unplaced = this.#people.filter((person) => !person.placement);
    const placed = this.#people.filter((person) => person.placement);
    const steps: { weight: number; run: () => Promise<void> }[] = [{ weight: unplaced.length < 3 ? 40 : 10, run: () => this.register() }];
    if (this.#people.length) steps.push({ weight: 15, run: () => this.updatePerson(pick(this.#people)) });
    if (unplaced.length) steps.push({ weight: 20, run: () => this.createPlacement(pick(unplaced)) });
    if (placed.length) {
      steps.push(
        { weight: 10, run: () => this.updatePlacement(pick(placed).placement!) },
        { weight: 25, run: () => this.reportHours(pick(placed).placement!, 1) },
        { weight: 15, run: () => this.reportHours(pick(placed).placement!, 3 + Math.floor(Math.random() * 4)) },
      );
    }
    await pickWeighted(steps).run();
  }
}

const written = ({ version, lastName, isBrsa, phone }: Person): PersonWritten => ({ version, lastName, isBrsa, phone });
const placementWritten = ({ version, weeklyHours, endDate }: PlacementWritten): PlacementWritten => ({ version, weeklyHours, endDate });

async function read(client: SoakClient, cast: Cast, plan: ReadPlan): Promise<void> {
  const { read: chosen, readers } = pickWeighted(plan.map((entry) => ({ ...entry, weight: entry.read.weight })));
  await client.request(chosen.operation, pick(readers), chosen.query, chosen.variables(cast));
}

/** Runs the workers until the duration has passed; each finishes the step it is in. */
export async function runLoad(client: SoakClient, ledger: Ledger, cast: Cast, plan: ReadPlan, settings: LoadSettings, runId: string): Promise<void> {
  const deadline = performance.now() + settings.durationMs;
  await Promise.all(Array.from({ length: settings.workers }, async (_, index) => {
    const worker = new Worker(client, ledger, cast.writers[index % cast.writers.length]!, runId, index + 1);
    while (performance.now() < deadline) {
      if (Math.random() < settings.writeShare) await worker.write();
      else await read(client, cast, plan);
    }
  }));
}

/** One request of each read as each reader: refusals by design (FORBIDDEN, or NOT_FOUND for a scope it does not see) leave that reader out; any other failure stops the soak. */
export async function planReads(client: SoakClient, cast: Cast): Promise<{ plan: ReadPlan; refused: string[] }> {
  const plan: ReadPlan = [];
  const refused: string[] = [];
  for (const read of READS) {
    const readers: Actor[] = [];
    for (const reader of cast.readers) {
      if (await client.request(read.operation, reader, read.query, read.variables(cast))) readers.push(reader);
    }
    const failures = [...client.examples.values()].flat().filter((example) => example.operation === read.operation);
    const unexpected = failures.filter((example) => !REFUSALS.includes(example.code));
    if (unexpected.length) throw new Error(`preflight, ${read.operation}: ${unexpected.map((f) => `${f.actor} got ${f.code}: ${f.message}`).join('; ')}`);
    refused.push(...failures.map((failure) => `${read.operation} as the ${failure.actor} (${failure.code})`));
    if (readers.length) plan.push({ read, readers });
  }
  return { plan, refused };
}
