import { administrativeMachine } from './administrative.machine.js';
import { caseSetup, initialCaseContext } from './case-setup.js';
import { everyOpenStateAccepts } from './stages/common.js';
import { litigationState } from './stages/litigation.js';

/**
 * 行政公益诉讼, version 2: version 1 with 执行监督 (enforcement supervision) as a state of its own.
 *
 * In v1 a 检察建议 to the court about enforcing the judgment (ISSUE_ENFORCEMENT_RECOMMENDATION,
 * Interp. 12; Rules 64–66) only adds a line to the history, and the case stays in
 * `litigation.judgment_effective` with the cases whose judgment nobody has yet had to chase. In v2
 * the recommendation moves the case to `litigation.enforcement_supervision`, so "which cases are
 * we supervising the enforcement of" is a state filter and the diagram shows the stage.
 *
 * Every v1 state exists in v2 with the same id and accepts the same events, so a v1 case maps
 * state for state (workflows/migrations/administrative-v1-to-v2.ts). A v1 case that already issued
 * a recommendation stays in `judgment_effective` after the migration (its context does not say it
 * issued one); its next recommendation moves it on.
 */
const v1 = administrativeMachine.config;

export const administrativeMachineV2 = caseSetup.createMachine({
  id: 'administrative',
  initial: 'clue',
  context: ({ input }) => initialCaseContext(input),
  on: everyOpenStateAccepts,
  states: {
    ...v1.states,
    litigation: litigationState('administrative', { enforcementSupervision: true }),
  },
});
