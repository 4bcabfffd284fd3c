import { caseSetup } from '../case-setup.js';
import { closeAs } from './common.js';

/**
 * `litigation` (提起诉讼 to 生效裁判), shared by every track. The appeal period depends on the
 * track (行政诉讼法 85, 民诉法 171, 刑诉法 230), so the APPEAL clock carries the track as variant
 * and the decision kind (judgment or ruling) is added by the engine from the event.
 */
export function litigationState(appealVariant: string) {
  return caseSetup.createStateConfig({
    initial: 'filed',
    states: {
      filed: {
        on: { RECORD_COURT_ACCEPTANCE: { target: 'first_instance' } },
      },
      first_instance: {
        on: {
          RECORD_HEARING_NOTICE: {
            actions: { type: 'startClock', params: { kind: 'ATTENDANCE_NOTICE' } },
          },
          CHANGE_CLAIMS: {
            actions: { type: 'startClock', params: { kind: 'DECISION_LODGING' } },
          },
          WITHDRAW_LAWSUIT: {
            // 撤回起诉 only once every claim is realised (Rules 84).
            guard: 'withdrawalGroundIsClaimsRealised',
            target: '#closed',
            actions: [
              { type: 'startClock', params: { kind: 'DECISION_LODGING' } },
              closeAs('withdrawn').actions,
            ],
          },
          RECORD_FIRST_INSTANCE_DECISION: {
            target: 'appeal_window',
            actions: [
              { type: 'startClock', params: { kind: 'APPEAL', variant: appealVariant } },
              { type: 'startClock', params: { kind: 'JUDGMENT_REPORT' } },
            ],
          },
        },
      },
      appeal_window: {
        on: {
          FILE_APPEAL: {
            target: 'second_instance',
            actions: { type: 'satisfyClock', params: { kind: 'APPEAL' } },
          },
          RECORD_DEFENDANT_APPEAL: {
            // The case goes up anyway; our own appeal period no longer matters.
            target: 'second_instance',
            actions: [
              { type: 'cancelClock', params: { kind: 'APPEAL' } },
              { type: 'startClock', params: { kind: 'DEFENDANT_APPEAL_REPORT' } },
            ],
          },
          APPEAL_PERIOD_ENDED: { target: 'judgment_effective' },
        },
      },
      second_instance: {
        on: { RECORD_SECOND_INSTANCE_DECISION: { target: 'judgment_effective' } },
      },
      judgment_effective: {
        on: {
          RECORD_ENFORCEMENT_COMPLETED: closeAs('judgment_enforced'),
          ISSUE_ENFORCEMENT_RECOMMENDATION: {},
          CLOSE_CASE: closeAs('judgment_final'),
        },
      },
    },
  });
}
