// Module hooks that let a child process of a test run the TypeScript sources directly, as Jest
// does: `.js` specifiers of the project map back to their `.ts` files, which swc transpiles with
// the settings Jest uses (.swcrc.jest.json: decorators and their metadata).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from '@swc/core';

const options = JSON.parse(readFileSync(new URL('../../../.swcrc.jest.json', import.meta.url), 'utf8'));

export function resolve(specifier, context, next) {
  const relative = specifier.startsWith('./') || specifier.startsWith('../');
  if (relative && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const source = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(source)) return { url: source.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const filename = fileURLToPath(url);
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, swcrc: false, filename });
  return { format: 'module', source: code, shortCircuit: true };
}
