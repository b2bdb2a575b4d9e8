import { buildDemoData } from '../../seeds/demo/build.js';

export interface DemoMembership {
  email: string;
  name: string;
  organisation: string;
  kind: string;
  role: string;
}

/** The demo data's active memberships, one per user and organisation: whom development sign-in offers. */
export function demoMemberships(): DemoMembership[] {
  return buildDemoData().memberships
    .filter((membership) => membership.active)
    .map((m) => ({ email: m.user.email, name: m.user.displayName, organisation: m.organisation.name, kind: m.organisation.kind, role: m.role }));
}
