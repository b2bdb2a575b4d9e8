import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The project root, whether this file runs from src/ through a loader or compiled into dist/src/. */
const here = path.dirname(fileURLToPath(import.meta.url));
const compiled = here.split(path.sep).includes('dist');
export const PROJECT_ROOT = path.resolve(here, compiled ? '../../..' : '../..');
export const COMPILED_ROOT = path.join(PROJECT_ROOT, 'dist');
