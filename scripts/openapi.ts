/**
 * Writes the API contract from the code: docs/openapi.json (OpenAPI 3.1, from the zod schemas the
 * routes declare) and client/schema.d.ts (its TypeScript types, for the client in client/). Needs
 * no database. A test fails while the committed files differ from what this writes.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../src/common/project-root.js';
import { generateOpenApiFiles } from './lib/openapi-files.js';

for (const [file, text] of Object.entries(await generateOpenApiFiles())) {
  const path = join(PROJECT_ROOT, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${file}`);
}
