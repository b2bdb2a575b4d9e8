/** Writes the GraphQL SDL built from the code to schema/schema.graphql (npm run schema). */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths.js';
import { buildApiSchema, printApiSchema, SCHEMA_FILE } from '../graphql/schema.js';

await writeFile(SCHEMA_FILE, printApiSchema(await buildApiSchema()));
console.log(`écrit : ${path.relative(PROJECT_ROOT, SCHEMA_FILE)}`);
