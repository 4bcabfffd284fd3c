import type { MigrationPlanInput } from './plan.js';

/**
 * Administrative v1 → v2 (../administrative-v2.machine.ts). v2 only adds
 * `litigation.enforcement_supervision`, so every v1 state maps to the state of the same id. A case
 * that already sent a 执行检察建议 under v1 stays in `judgment_effective`: v1's context does not
 * record it, and the next recommendation moves the case on. Clocks are untouched.
 *
 *   npm run workflow:migrate -- --plan administrative-v1-to-v2          (dry run)
 *   npm run workflow:migrate -- --plan administrative-v1-to-v2 --apply
 */
export const administrativeV1ToV2 = {
  name: 'administrative-v1-to-v2',
  workflow: 'administrative',
  fromVersion: 1,
  toVersion: 2,
  description: '执行监督 as a state of its own; every v1 state keeps its id',
  states: {
    clue: 'clue',
    investigation: 'investigation',
    investigation_concluded: 'investigation_concluded',
    recommendation_pending_service: 'recommendation_pending_service',
    awaiting_reply: 'awaiting_reply',
    follow_up: 'follow_up',
    suspended: 'suspended',
    'litigation.filed': 'litigation.filed',
    'litigation.first_instance': 'litigation.first_instance',
    'litigation.appeal_window': 'litigation.appeal_window',
    'litigation.second_instance': 'litigation.second_instance',
    'litigation.judgment_effective': 'litigation.judgment_effective',
    closed: 'closed',
  },
} satisfies MigrationPlanInput;
