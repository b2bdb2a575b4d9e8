/**
 * The platform's Prometheus metrics, in a registry of its own (one per API, so that two APIs in one
 * process count apart). Labels never carry a person, an organisation or anything a client may vary
 * at will: routes are a fixed list, operation names are capped, outcomes are status classes and codes.
 */
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ErrorCode } from '../context/errors.js';

/** A GraphQL operation name kept as a label: an identifier of at most 64 characters. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Distinct operation names kept; later ones are counted as OTHER_OPERATION. */
export const MAX_OPERATION_NAMES = 200;
const OTHER_OPERATION = 'other';
/** Not a GraphQL request, or one whose operation was never resolved (a query that does not parse). */
const NO_OPERATION = 'none';
const ANONYMOUS_OPERATION = 'anonymous';

const ERROR_CODES = new Set<string>(Object.values(ErrorCode));

/** What the metrics need to know of a request once it has ended. */
export interface EndedRequest {
  route: string;
  /** The GraphQL operation's name; null for an anonymous one; undefined when none was resolved. */
  operationName?: string | null;
  /** The first GraphQL error's code, if any. */
  errorCode?: string;
  status: number;
  seconds: number;
}

/** What import jobs report as they go. */
export interface ImportObserver {
  jobStarted(): void;
  /** QUEUED: stopped at shutdown and handed back to the queue. */
  jobEnded(status: 'COMPLETED' | 'FAILED' | 'QUEUED', seconds: number): void;
  linesRead(lines: number): void;
  /** How to count the jobs waiting in the queue. */
  observeImportQueue(queued: () => Promise<number>): void;
}

export class Metrics implements ImportObserver {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly requests = new Counter({
    name: 'clauses_http_requests_total',
    help: 'Requêtes HTTP terminées, par route, opération GraphQL, classe de statut et code d’erreur GraphQL',
    labelNames: ['route', 'operation', 'status_class', 'error_code'] as const,
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: 'clauses_http_request_duration_seconds',
    help: 'Durée des requêtes HTTP, de la réception à la fin de la réponse',
    labelNames: ['route', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly importJobsRunning = new Gauge({
    name: 'clauses_import_jobs_running',
    help: 'Imports en cours dans ce processus',
    registers: [this.registry],
  });
  private readonly importSeconds = new Histogram({
    name: 'clauses_import_job_duration_seconds',
    help: 'Durée des imports, de leur démarrage à leur fin, par issue (QUEUED : rendu à la file à l’arrêt du serveur)',
    labelNames: ['status'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });
  private readonly importLines = new Counter({
    name: 'clauses_import_lines_total',
    help: 'Lignes de tableur lues par les imports (lignes par seconde : rate())',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'clauses_' });
  }

  /** The pool's connections, read when the metrics are: total, idle, and requests waiting for one. */
  observePool(pool: Pool): void {
    new Gauge({
      name: 'clauses_db_pool_connections',
      help: 'Connexions du pool PostgreSQL de l’application, par état',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      },
    });
    new Gauge({
      name: 'clauses_db_pool_waiting',
      help: 'Demandes de connexion en attente d’une connexion libre du pool',
      registers: [this.registry],
      collect() {
        this.set(pool.waitingCount);
      },
    });
  }

  /** Import jobs waiting in the queue, for the whole platform (every instance), read when the metrics are. */
  observeImportQueue(queued: () => Promise<number>): void {
    new Gauge({
      name: 'clauses_import_jobs_queued',
      help: 'Imports en file d’attente, sur toute la plateforme',
      registers: [this.registry],
      async collect() {
        this.set(await queued());
      },
    });
  }

  requestEnded(request: EndedRequest): void {
    const operation = this.operationLabel(request.operationName);
    const errorCode = request.errorCode === undefined ? 'none' : ERROR_CODES.has(request.errorCode) ? request.errorCode : 'other';
    this.requests.inc({ route: request.route, operation, status_class: `${Math.floor(request.status / 100)}xx`, error_code: errorCode });
    this.requestSeconds.observe({ route: request.route, operation }, request.seconds);
  }

  jobStarted(): void {
    this.importJobsRunning.inc();
  }

  jobEnded(status: 'COMPLETED' | 'FAILED' | 'QUEUED', seconds: number): void {
    this.importJobsRunning.dec();
    this.importSeconds.observe({ status }, seconds);
  }

  linesRead(lines: number): void {
    this.importLines.inc(lines);
  }

  /** A client writes the operation names it likes: only so many identifiers are kept, the rest are OTHER_OPERATION. */
  private operationLabel(name: string | null | undefined): string {
    if (name === undefined) return NO_OPERATION;
    if (name === null) return ANONYMOUS_OPERATION;
    if (!OPERATION_NAME.test(name)) return OTHER_OPERATION;
    if (!this.operationNames.has(name)) {
      if (this.operationNames.size >= MAX_OPERATION_NAMES) return OTHER_OPERATION;
      this.operationNames.add(name);
    }
    return name;
  }
}
