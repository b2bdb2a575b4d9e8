/** Writes docs/permissions.md from the access model (npm run permissions). */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PERMISSIONS_DOC, renderPermissions } from '../access/model/docs.js';
import { PROJECT_ROOT } from '../config/paths.js';

await writeFile(PERMISSIONS_DOC, renderPermissions());
console.log(`écrit : ${path.relative(PROJECT_ROOT, PERMISSIONS_DOC)}`);
