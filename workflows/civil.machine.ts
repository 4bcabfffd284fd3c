import { caseSetup, initialCivilCaseContext } from './case-setup.js';
import {
  announcementState,
  civilInvestigationConcludedState,
  civilReviewTransitions,
  supportingState,
} from './stages/announcement.js';
import { closedState, everyOpenStateAccepts } from './stages/common.js';
import { clueState, investigationState } from './stages/intake.js';
import { litigationState } from './stages/litigation.js';
import { suspendedState } from './stages/review.js';

/**
 * 民事公益诉讼 (DOMAIN.md §5): clue → filing → investigation → 诉前公告 (or, for 英雄烈士, the next
 * of kin's refusal) → 审查起诉 → lawsuit, or 支持起诉 of an eligible plaintiff → judgment or
 * 调解/和解 → closure. No agency, so no filing decision to serve.
 */
export const civilMachine = caseSetup.createMachine({
  id: 'civil',
  initial: 'clue',
  context: ({ input }) => initialCivilCaseContext(input),
  on: everyOpenStateAccepts,
  states: {
    clue: clueState,
    investigation: investigationState,
    investigation_concluded: civilInvestigationConcludedState('civil'),
    announcement: announcementState('civil'),
    follow_up: { on: civilReviewTransitions },
    supporting: supportingState,
    suspended: suspendedState,
    litigation: litigationState('civil', { settlement: true }), // appeal: CPL 171
    closed: closedState,
  },
});
