import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidConfigError, loadConfig, loadServiceConfig } from './env.js';
import { LOCAL_SECRET_KEYS } from './local-secrets.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'pil-secrets-')), 'nested', 'secrets.env');

describe('secrets of a checkout without configured ones', () => {
  it('are generated strong on first start into an owner-only file, and read back after', () => {
    const file = tempFile();
    const first = loadServiceConfig({ LOCAL_SECRETS_FILE: file });
    expect(first.notices.join()).toContain('generated');
    expect(first.notices.join()).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    for (const key of ['JWT_SECRET', 'AUDIT_HMAC_SECRET', 'METRICS_TOKEN'] as const) {
      expect(first.config[key]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(first.config.PG_APP_PASSWORD).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.config.JWT_SECRET).not.toBe(first.config.AUDIT_HMAC_SECRET);
    for (const key of LOCAL_SECRET_KEYS) expect(readFileSync(file, 'utf8')).toContain(`${key}=`);

    const again = loadServiceConfig({ LOCAL_SECRETS_FILE: file });
    expect(again.config.JWT_SECRET).toBe(first.config.JWT_SECRET);
    expect(again.config.AUDIT_HMAC_SECRET).toBe(first.config.AUDIT_HMAC_SECRET);
    expect(again.notices.join()).toContain('using');
  });

  it('never replace a secret set in the environment, nor write it to the file', () => {
    const file = tempFile();
    const jwt = 'j'.repeat(40);
    const { config } = loadServiceConfig({ LOCAL_SECRETS_FILE: file, JWT_SECRET: jwt });
    expect(config.JWT_SECRET).toBe(jwt);
    expect(readFileSync(file, 'utf8')).not.toContain(jwt);
  });

  it('are refused in production: every missing one is named, and no file is written', () => {
    const file = tempFile();
    expect(() => loadServiceConfig({ NODE_ENV: 'production', LOCAL_SECRETS_FILE: file })).toThrow(
      InvalidConfigError,
    );
    try {
      loadServiceConfig({ NODE_ENV: 'production', LOCAL_SECRETS_FILE: file });
    } catch (error) {
      const message = (error as Error).message;
      for (const key of ['JWT_SECRET', 'AUDIT_HMAC_SECRET', 'PG_APP_PASSWORD'])
        expect(message).toContain(key);
    }
    expect(() => statSync(file)).toThrow();
  });

  it('have no published default: the plain loader requires them', () => {
    expect(() => loadConfig({})).toThrow(/JWT_SECRET[\s\S]*AUDIT_HMAC_SECRET/);
  });
});
