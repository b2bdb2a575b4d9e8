/**
 * The viewer a queued import runs for, rebuilt from its job when it runs, whichever instance runs it: a key
 * revoked, a membership ended or a role lowered since the file was sent stops the import (SenderRevoked).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { activeApiKey } from '../../access/api-keys.js';
import { guard } from '../../access/operations.js';
import { DomainError } from '../../context/errors.js';
import { toGlobalId } from '../../context/global-id.js';
import type { Viewer } from '../../context/request-context.js';
import { viewerOfApiKey, viewerOfUser } from '../../auth/viewer.js';
import type { ImportTask } from './worker.js';

/** The sender may no longer import for the organisation: the job fails with this French reason. */
export class SenderRevoked extends Error {}

async function viewerOf(em: EntityManager, task: ImportTask): Promise<Viewer> {
  if (task.apiKeyId) {
    const key = await activeApiKey(em, task.apiKeyId);
    if (!key) throw new SenderRevoked("la clé d'API qui a envoyé le fichier a été révoquée");
    return viewerOfApiKey(em, key);
  }
  try {
    return await viewerOfUser(em, task.userId!, toGlobalId('Organisation', task.organisationId));
  } catch (error) {
    // A refusal only: a database failure is the platform's, and the run is tried again.
    if (error instanceof DomainError) throw new SenderRevoked("la personne qui a envoyé le fichier n'est plus membre active de l'organisation");
    throw error;
  }
}

export async function viewerOfSender(em: EntityManager, task: ImportTask): Promise<Viewer> {
  const viewer = await viewerOf(em, task);
  try {
    guard(viewer, 'POST /imports');
  } catch {
    throw new SenderRevoked("la personne ou la clé qui a envoyé le fichier n'a plus le droit d'importer pour l'organisation");
  }
  return viewer;
}
