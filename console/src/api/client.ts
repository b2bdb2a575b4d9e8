/**
 * The console's only way to the platform: the public GraphQL API and its file routes, with the signed-in
 * person's token and the organisation they act for, exactly as any other client sends them.
 */
import type { TypedDocumentString } from '../gql/graphql';
import { currentSession, endSession } from '../session/store';

/** One problem the API found in what was sent, named by the field it is about when it is. */
export interface Problem {
  field?: string;
  code?: string;
  message: string;
  [detail: string]: unknown;
}

/** A refusal of the API, in French, with its code and the problems per field. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly problems: Problem[] = []) {
    super(message);
  }

  /** The message about one field, if any (the last part of a dotted path such as `input.lastName`). */
  problemFor(field: string): string | undefined {
    return this.problems.find((problem) => problem.field === field || problem.field?.endsWith(`.${field}`))?.message;
  }
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string; field?: string; problems?: Problem[] };
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const session = currentSession();
  return {
    ...(session ? { authorization: `Bearer ${session.token}` } : {}),
    ...(session?.organisationId ? { 'x-organisation': session.organisationId } : {}),
    ...extra,
  };
}

function refusal(errors: GraphQLError[]): ApiError {
  const [first] = errors;
  const extensions = first?.extensions ?? {};
  const problems = extensions.problems ?? (extensions.field ? [{ field: extensions.field, message: first!.message }] : []);
  return new ApiError(first?.message ?? 'Erreur inconnue', extensions.code ?? 'INTERNAL', problems);
}

/** An answer the platform refused as a whole: a signed-out session goes back to the sign-in page. */
async function refused(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as { errors?: GraphQLError[] };
  const error = body.errors?.length ? refusal(body.errors) : new ApiError(`Le serveur a répondu ${response.status}`, 'INTERNAL');
  if (response.status === 401) endSession();
  return error;
}

export async function request<Result, Variables>(document: TypedDocumentString<Result, Variables>, ...[variables]: Variables extends Record<string, never> ? [] : [Variables]): Promise<Result> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: headers({ 'content-type': 'application/json', accept: 'application/json' }),
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  if (!response.ok && !response.headers.get('content-type')?.includes('json')) throw await refused(response);
  const body = (await response.json()) as { data?: Result; errors?: GraphQLError[] };
  if (body.errors?.length) {
    if (response.status === 401) endSession();
    throw refusal(body.errors);
  }
  return body.data as Result;
}

/** A file route of the platform (imports, exports): its answer when it is a success, its refusal otherwise. */
export async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, { ...init, headers: headers(init.headers as Record<string, string> | undefined) });
  if (!response.ok) throw await refused(response);
  return response;
}
