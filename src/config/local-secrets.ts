import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root.js';

/** The secrets a checkout generates for itself when the environment does not set them. */
export const LOCAL_SECRET_KEYS = [
  'JWT_SECRET',
  'AUDIT_HMAC_SECRET',
  'METRICS_TOKEN',
  'PG_APP_PASSWORD',
] as const;
type Key = (typeof LOCAL_SECRET_KEYS)[number];

/** In the checkout, git-ignored (`.local/`). */
export const defaultLocalSecretsFile = () => join(PROJECT_ROOT, '.local', 'secrets.env');

/** 256 random bits, base64url (43 characters). */
const generate = () => randomBytes(32).toString('base64url');

/**
 * The values of the local secrets file for the keys the environment does not set, generating the
 * missing ones (256 random bits each) into the file: created owner-only (0600, its folder 0700),
 * `KEY=value` lines. Never used in production (`loadServiceConfig`). A secret set in the
 * environment always wins and is never written to the file.
 */
export function localSecrets(
  file: string,
  env: NodeJS.ProcessEnv,
): { values: Partial<Record<Key, string>>; notices: string[] } {
  const missing = LOCAL_SECRET_KEYS.filter((k) => !env[k]);
  if (missing.length === 0) return { values: {}, notices: [] };
  let stored = read(file);
  let generated = missing.filter((k) => !stored[k]);
  if (generated.length > 0) {
    const fresh = Object.keys(stored).length === 0;
    for (const k of generated) stored[k] = generate();
    if (!write(file, stored, fresh)) {
      // Another process of this checkout created the file first: use its secrets.
      stored = read(file);
      generated = [];
    }
  } else {
    tighten(file);
  }
  const values = Object.fromEntries(missing.map((k) => [k, stored[k]])) as Partial<Record<Key, string>>;
  const notices = [
    generated.length > 0
      ? `generated ${generated.join(', ')} into ${file} (owner-only, outside git); keep that file: without its AUDIT_HMAC_SECRET the histories sealed with it cannot be verified. Production must set its secrets in the environment.`
      : `using ${missing.join(', ')} from ${file} (generated for this checkout; production must set its own)`,
  ];
  return { values, notices };
}

function read(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return {};
    throw error;
  }
  const entries = text
    .split('\n')
    .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1], m[2]]);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** Writes the file (only if it does not exist yet when `create`); false if another process created it. */
function write(file: string, values: Record<string, string>, create: boolean): boolean {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const lines = [
    '# Secrets generated for this checkout on first start (README, Security). Owner-only; never commit.',
    ...Object.entries(values).map(([k, v]) => `${k}=${v}`),
    '',
  ];
  try {
    writeFileSync(file, lines.join('\n'), { mode: 0o600, flag: create ? 'wx' : 'w' });
  } catch (error) {
    if (create && (error as { code?: string }).code === 'EEXIST') return false;
    throw error;
  }
  tighten(file);
  return true;
}

/** Owner-only, whatever the umask or an earlier copy left. */
function tighten(file: string): void {
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}
