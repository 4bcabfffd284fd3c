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
import { fileLawsuit, suspendedState } from './stages/review.js';

/**
 * 刑事附带民事公益诉讼 (DOMAIN.md §5): the civil track's stages, with the civil claims filed
 * together with the public prosecution of the criminal case in `criminalCaseNumber` (Interp. 20),
 * so the appeal period is the criminal one: 10 days judgment / 5 days ruling (刑诉法 230) [I].
 *
 * The 30-day 公告 is required here too; where it would delay the criminal trial, the procuratorate
 * may instead file the claims as a separate civil public-interest suit (两高《关于人民检察院提起刑事
 * 附带民事公益诉讼应否履行诉前公告程序问题的批复》, 法释〔2019〕18号) [S]. That is
 * FILE_SEPARATE_CIVIL_SUIT: like FILE_LAWSUIT (same review condition, same clocks) but to a civil
 * court, so the case then follows the civil appeal periods (CPL 171).
 */
export const criminalIncidentalMachine = caseSetup.createMachine({
  id: 'criminal_incidental',
  initial: 'clue',
  context: ({ input }) => initialCivilCaseContext(input),
  on: everyOpenStateAccepts,
  states: {
    clue: clueState,
    investigation: investigationState,
    investigation_concluded: civilInvestigationConcludedState('criminal_incidental'),
    announcement: announcementState('criminal_incidental'),
    follow_up: {
      on: {
        ...civilReviewTransitions,
        FILE_SEPARATE_CIVIL_SUIT: {
          ...fileLawsuit('prosecutionReviewStarted'),
          actions: [...fileLawsuit('prosecutionReviewStarted').actions, { type: 'markSeparateCivilSuit' }],
        },
      },
    },
    supporting: supportingState,
    suspended: suspendedState,
    litigation: litigationState(
      (context) => (context.separateCivilSuit === true ? 'civil' : 'criminal_incidental'),
      {
        settlement: true,
      },
    ),
    closed: closedState,
  },
});
