/** Writes docs/permissions.md from the access model, and docs/rgpd.md, the register of processing, from it and the personal data declared (npm run permissions). */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PERMISSIONS_DOC, renderPermissions } from '../access/model/docs.js';
import { PROJECT_ROOT } from '../config/paths.js';
import { REGISTER_DOC, renderRegister } from '../personal-data/register.js';

for (const [file, render] of [[PERMISSIONS_DOC, renderPermissions], [REGISTER_DOC, renderRegister]] as const) {
  await writeFile(file, render());
  console.log(`écrit : ${path.relative(PROJECT_ROOT, file)}`);
}
