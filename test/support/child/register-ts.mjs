// `node --import ./test/support/child/register-ts.mjs file.ts`: runs a TypeScript entry point.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
