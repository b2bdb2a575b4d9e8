/** What the access layers cost: one list of 1,000 rows, through the API with and without each layer. */
import { withClient } from '../src/db/roles.js';

export const LAYERS_ROWS = 1000;
export const LAYERS_EMAIL = 'lecteur@volumetrie.demo';
/** The overhead each layer may add to the full stack's throughput. */
export const LAYER_BUDGET = 0.15;

export const LAYERS_QUERY = `query VolumeMarkets($buyerId: String!) {
  markets(first: ${LAYERS_ROWS}, filter: { buyerId: $buyerId }) {
    nodes { id reference object nature clauseMechanism amountHt labourRate insertionRate plannedHours { hours basis } }
  }
}`;

/** A viewer of the volume buyer, so that the list is scoped by the ordinary (non-Département) rules. */
export async function ensureLayersViewer(ownerUrl: string, volumeBuyerId: string): Promise<void> {
  await withClient(ownerUrl, async (client) => {
    await client.query(
      `insert into app_user (id, email, display_name) values (gen_random_uuid(), $1, 'Lecteur volumétrie') on conflict (email) do nothing`,
      [LAYERS_EMAIL],
    );
    await client.query(
      `insert into membership (id, user_id, organisation_id, role)
       select gen_random_uuid(), u.id, $2, 'VIEWER' from app_user u where u.email = $1
       on conflict (user_id, organisation_id) do nothing`,
      [LAYERS_EMAIL, volumeBuyerId],
    );
  });
}

export interface LayerVariant {
  variant: 'full' | 'no-shield' | 'no-rls';
  label: string;
}

export const LAYER_VARIANTS: LayerVariant[] = [
  { variant: 'full', label: 'full stack (permission rules, ORM scoping, row-level security)' },
  { variant: 'no-shield', label: 'without the permission rules (graphql-shield)' },
  { variant: 'no-rls', label: 'without row-level security (as the owner)' },
];

/** Overhead of a layer: how much more the stack without it serves, relative to the full stack. */
export function overhead(fullRequestsPerSecond: number, withoutRequestsPerSecond: number): number {
  return withoutRequestsPerSecond / fullRequestsPerSecond - 1;
}
