import { buildDemoData } from '../../seeds/demo/build.js';

export interface DemoMembership {
  email: string;
  name: string;
  organisation: string;
  kind: string;
  role: string;
}

let built: DemoMembership[] | undefined;

/**
 * The demo data's active memberships, one per user and organisation: whom development sign-in offers. Built once:
 * the demo data is the same on every call, and building it builds every person and placement too.
 */
export function demoMemberships(): DemoMembership[] {
  built ??= buildDemoData().memberships
    .filter((membership) => membership.active)
    .map((m) => ({ email: m.user.email, name: m.user.displayName, organisation: m.organisation.name, kind: m.organisation.kind, role: m.role }));
  return built;
}
