import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.js';

/**
 * Who may do what is decided by src/access alone (the model, its renderings, can() and scope()): a
 * comparison of the asker's kind or role, or a scope fragment on the acting organisation written
 * into SQL, anywhere else is an access rule written by hand beside the model.
 */
const HAND_WRITTEN_CHECKS: { name: string; pattern: RegExp }[] = [
  { name: "a test of the acting organisation's kind or role", pattern: /acting\??\.(kind|role)\s*[!=]=|includes\([^)]*acting\??\.(kind|role)/ },
  { name: "a test of the viewer's kind", pattern: /[!=]==\s*OrganisationKind\.|OrganisationKind\.\w+\s*[!=]==/ },
  { name: 'a test of a role', pattern: /[!=]==\s*MembershipRole\.|MembershipRole\.\w+\s*[!=]==|\[['"](ADMIN|EDITOR)['"]/ },
  { name: 'a scope fragment on an organisation in SQL', pattern: /(followed_by_id|buyer_id|facilitator_id|coordinator_id)\s*=\s*(\$\d|\?|app_org\(\))/ },
];

/**
 * Where the model lives, the indicators' own scopes (which organisation's figures were asked for, not who asks), and
 * the retention command (the owner's, PLIE after PLIE: whose data is returned, not who asks).
 */
const OUTSIDE = [/^src\/access\//, /^src\/indicators\/queries\//, /^src\/personal-data\/retention\.ts$/];

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(path.join(PROJECT_ROOT, directory), { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => {
    const relative = path.posix.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return Promise.resolve(relative.endsWith('.ts') ? [relative] : []);
  }));
  return nested.flat();
}

describe('the access checks', () => {
  it('are all in the model: none written by hand outside src/access', async () => {
    const found: string[] = [];
    for (const file of (await sourceFiles('src')).filter((candidate) => !OUTSIDE.some((place) => place.test(candidate)))) {
      const lines = (await readFile(path.join(PROJECT_ROOT, file), 'utf8')).split('\n');
      lines.forEach((line, index) => {
        for (const check of HAND_WRITTEN_CHECKS) if (check.pattern.test(line)) found.push(`${file}:${index + 1}: ${check.name}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('would see one written by hand', () => {
    const samples = ["if (viewer.acting?.kind !== OrganisationKind.PLIE) throw forbidden('…');", "where followed_by_id = $2", "if (role === MembershipRole.ADMIN)"];
    for (const sample of samples) expect(HAND_WRITTEN_CHECKS.some((check) => check.pattern.test(sample))).toBe(true);
  });
});
