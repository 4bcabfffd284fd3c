import { type CaseContext, caseSetup, type SettlementInstance } from '../case-setup.js';
import { closeAs } from './common.js';

/** The APPEAL clock's variant: a fixed name, or one read from the case (criminal-incidental). */
export type AppealVariant = string | ((context: CaseContext) => string);

export interface LitigationOptions {
  /**
   * Civil tracks: the parties may settle (和解) or the court mediate (调解) in either instance; the
   * court publishes the agreement for at least 30 days, then issues a 调解书, or rejects it and
   * resumes the trial (Rules 99; CPL-Interp. 287).
   */
  settlement?: boolean;
  /**
   * 执行监督 as a state of its own (administrative v2): a 检察建议 to the court about enforcement
   * moves the case to `enforcement_supervision`, where it stays until enforcement is completed.
   * Without it, the recommendation is recorded in `judgment_effective` (v1 and the civil tracks).
   */
  enforcementSupervision?: boolean;
}

function appealClock(appealVariant: AppealVariant) {
  return typeof appealVariant === 'string'
    ? ({ type: 'startClock', params: { kind: 'APPEAL', variant: appealVariant } } as const)
    : ({
        type: 'startClock',
        params: ({ context }: { context: CaseContext }) => ({
          kind: 'APPEAL' as const,
          variant: appealVariant(context),
        }),
      } as const);
}

/** RECORD_SETTLEMENT in an instance: remember it (the trial may resume there) and start the notice clock. */
function settle(instance: SettlementInstance) {
  return {
    RECORD_SETTLEMENT: {
      target: 'settlement_notice',
      actions: [
        { type: 'recordSettlementInstance', params: { instance } },
        { type: 'startClock', params: { kind: 'SETTLEMENT_NOTICE' } },
      ],
    },
  } as const;
}

/** RECORD_TRIAL_RESUMED: back to the instance the agreement was reached in. */
function resumeTrialIn(instance: SettlementInstance) {
  return {
    guard: instance === 'first_instance' ? 'settledInFirstInstance' : 'settledInSecondInstance',
    target: instance,
    actions: [
      { type: 'cancelClock', params: { kind: 'SETTLEMENT_NOTICE' } },
      { type: 'recordSettlementInstance', params: { instance: null } },
    ],
  } as const;
}

/**
 * `litigation.settlement_notice` (和解/调解协议公告). RECORD_TRIAL_RESUMED is not in DOMAIN.md's
 * table: it records the court's refusal to issue a 调解书 (the agreement harms the public interest)
 * and its return to trial, which CPL-Interp. 287 provides ("不予出具调解书，继续对案件进行审理").
 */
const settlementNoticeState = caseSetup.createStateConfig({
  on: {
    RECORD_MEDIATION_DOCUMENT: {
      target: '#closed',
      actions: [{ type: 'satisfyClock', params: { kind: 'SETTLEMENT_NOTICE' } }, closeAs('settled').actions],
    },
    RECORD_TRIAL_RESUMED: [resumeTrialIn('first_instance'), resumeTrialIn('second_instance')],
  },
});

/**
 * `litigation.enforcement_supervision` (执行监督, Interp. 12; Rules 64–66): the procuratorate has
 * recommended that the court enforce the judgment and follows it until enforcement is completed.
 * A further recommendation stays here; if the court ends enforcement without completing it, the
 * chief closes the case on the judgment as it stands.
 */
const enforcementSupervisionState = caseSetup.createStateConfig({
  on: {
    ISSUE_ENFORCEMENT_RECOMMENDATION: {},
    RECORD_ENFORCEMENT_COMPLETED: closeAs('judgment_enforced'),
    CLOSE_CASE: closeAs('judgment_final'),
  },
});

/**
 * `litigation` (提起诉讼 to 生效裁判), shared by every track. The appeal period depends on the
 * track (行政诉讼法 85, 民诉法 171, 刑诉法 230), so the APPEAL clock carries the track as variant
 * and the decision kind (judgment or ruling) is added by the engine from the event.
 */
export function litigationState(appealVariant: AppealVariant, options: LitigationOptions = {}) {
  const settlement = options.settlement === true;
  const enforcementSupervision = options.enforcementSupervision === true;
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
              appealClock(appealVariant),
              { type: 'startClock', params: { kind: 'JUDGMENT_REPORT' } },
            ],
          },
          ...(settlement ? settle('first_instance') : {}),
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
        on: {
          RECORD_SECOND_INSTANCE_DECISION: { target: 'judgment_effective' },
          ...(settlement ? settle('second_instance') : {}),
        },
      },
      ...(settlement ? { settlement_notice: settlementNoticeState } : {}),
      judgment_effective: {
        on: {
          RECORD_ENFORCEMENT_COMPLETED: closeAs('judgment_enforced'),
          ISSUE_ENFORCEMENT_RECOMMENDATION: enforcementSupervision
            ? { target: 'enforcement_supervision' }
            : {},
          CLOSE_CASE: closeAs('judgment_final'),
        },
      },
      ...(enforcementSupervision ? { enforcement_supervision: enforcementSupervisionState } : {}),
    },
  });
}
