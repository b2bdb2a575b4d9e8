import type { PolicyDef } from '@mikro-orm/core';
import { accessTo, TENANT_TABLES } from './model/rules.js';
import { policyExpression } from './model/sql.js';

export { TENANT_TABLES };

/**
 * Row-level security, the database's layer of the access model, rendered from it (model/rules.ts):
 * one policy per command a rule allows, none for the others, so PostgreSQL refuses them. The settings
 * come from the access_functions migration; `npm run policies` writes the migration when these differ
 * from the database's. Tables are forced, so even their owner is subject to them unless it has
 * BYPASSRLS (the migrator).
 */
export function policiesOf(table: string): PolicyDef[] {
  const access = accessTo(table);
  const policies: PolicyDef[] = [{ name: `${table}_select`, command: 'select', using: policyExpression(table, access.read, access.withoutOrganisation?.read) }];
  if (access.create || access.withoutOrganisation?.create) {
    policies.push({ name: `${table}_insert`, command: 'insert', check: policyExpression(table, access.create, access.withoutOrganisation?.create) });
  }
  if (access.update) {
    const update = policyExpression(table, access.update, undefined);
    policies.push({ name: `${table}_update`, command: 'update', using: update, check: update });
  }
  if (access.delete) policies.push({ name: `${table}_delete`, command: 'delete', using: policyExpression(table, access.delete, undefined) });
  return policies;
}

/** Entity options that force row-level security on `table`, with its policies. */
export function rowLevelSecurity(table: string): { rowLevelSecurity: 'force'; policies: PolicyDef[] } {
  return { rowLevelSecurity: 'force', policies: policiesOf(table) };
}
