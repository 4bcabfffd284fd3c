import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CLOCK_KINDS } from '../../workflows/clocks.js';
import { AppModule } from '../../src/app.module.js';
import type { AppConfig } from '../../src/config/env.js';
import { ensureDatabase } from '../../src/database/ensure-database.js';
import { ESCALATION_POLICY } from '../../src/deadlines/deadlines.tokens.js';
import {
  defaultEscalationPolicy,
  type EscalationPolicy,
} from '../../src/deadlines/escalation/escalation-policy.js';

/**
 * The default ladder, except the filing-decision service clock (立案决定书送达), whose steps are
 * compressed to seconds so a test can watch a whole ladder run: reminder 1 s before, expiry,
 * department head 1 s after, chief 2 s after.
 */
export function compressedPolicy(): EscalationPolicy {
  return {
    ...defaultEscalationPolicy(CLOCK_KINDS),
    FILING_DECISION_SERVICE: {
      remindersBeforeMs: [1000],
      escalations: [
        { offsetMs: 1000, level: 1, notify: 'department_head' },
        { offsetMs: 2000, level: 2, notify: 'chief_prosecutor' },
      ],
    },
  };
}

/** The whole application (with its workers unless disabled) against a given test database. */
export async function startClockApp(
  config: AppConfig,
  overrides: Partial<AppConfig> = {},
): Promise<INestApplication> {
  const effective = { ...config, ...overrides };
  await ensureDatabase(effective);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(effective)] })
    .overrideProvider(ESCALATION_POLICY)
    .useValue(compressedPolicy())
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
