import { caseSetup } from '../case-setup.js';
import { closeAs } from './common.js';

/** `clue` (线索受理/评估): the chief decides whether to file a case (Rules 26–30). */
export const clueState = caseSetup.createStateConfig({
  on: {
    FILE_CASE: {
      target: 'investigation',
      actions: { type: 'startClock', params: { kind: 'FILING_DECISION_SERVICE' } },
    },
    DECLINE_CASE: closeAs('declined'),
    TRANSFER_CLUE: closeAs('transferred'),
  },
});

/** `investigation` (调查, incl. 磋商) for tracks without an agency to serve the filing decision on. */
export const investigationState = caseSetup.createStateConfig({
  on: {
    RECORD_CONSULTATION: {},
    CONCLUDE_INVESTIGATION: { target: 'investigation_concluded' },
  },
});

/** Administrative investigation: the 立案决定书 must also be served on the agency (Rules 70). */
export const agencyInvestigationState = caseSetup.createStateConfig({
  on: {
    ...investigationState.on,
    SERVE_FILING_DECISION: {
      actions: { type: 'satisfyClock', params: { kind: 'FILING_DECISION_SERVICE' } },
    },
  },
});
