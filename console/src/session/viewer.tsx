/** Who is signed in, for whom they act and with which role: what the pages and the menu are built from. */
import { createContext, useContext } from 'react';
import { graphql } from '../gql';
import type { ConsoleViewerQuery } from '../gql/graphql';

export const ConsoleViewerDocument = graphql(`
  query ConsoleViewer {
    viewer {
      user { id displayName email }
      actingRole
      actingOrganisation { id name kind departementCode }
      memberships { id role organisation { id name kind } }
      invitations { id role organisation { id name kind } }
    }
  }
`);

export type ConsoleViewer = ConsoleViewerQuery['viewer'];

const ViewerContext = createContext<ConsoleViewer | null>(null);
export const ViewerProvider = ViewerContext.Provider;

/** The viewer of a page behind sign-in (the app renders those pages only once it is known). */
export function useViewer(): ConsoleViewer & { actingOrganisation: NonNullable<ConsoleViewer['actingOrganisation']> } {
  const viewer = useContext(ViewerContext);
  if (!viewer?.actingOrganisation) throw new Error('useViewer outside a signed-in page');
  return viewer as ConsoleViewer & { actingOrganisation: NonNullable<ConsoleViewer['actingOrganisation']> };
}

export const isAdmin = (viewer: ConsoleViewer) => viewer.actingRole === 'ADMIN';
export const isPlie = (viewer: ConsoleViewer) => viewer.actingOrganisation?.kind === 'PLIE';
export const canEdit = (viewer: ConsoleViewer) => viewer.actingRole === 'ADMIN' || viewer.actingRole === 'EDITOR';
