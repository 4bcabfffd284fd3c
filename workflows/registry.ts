import { administrativeMachine } from './administrative.machine.js';
import { administrativeMachineV2 } from './administrative-v2.machine.js';
import { civilMachine } from './civil.machine.js';
import { criminalIncidentalMachine } from './criminal-incidental.machine.js';
import type { WorkflowDefinition } from './definition.js';
import type { Track } from './roles.js';

export const administrativeWorkflow: WorkflowDefinition<typeof administrativeMachine> = {
  name: 'administrative',
  version: 1,
  track: 'administrative',
  title: '行政公益诉讼 (administrative public-interest litigation)',
  machine: administrativeMachine,
};

/** v1 plus 执行监督 as a state of its own: see ./administrative-v2.machine.ts. */
export const administrativeWorkflowV2: WorkflowDefinition<typeof administrativeMachineV2> = {
  name: 'administrative',
  version: 2,
  track: 'administrative',
  title: '行政公益诉讼 (administrative public-interest litigation)',
  changes:
    'litigation.enforcement_supervision (执行监督): a 检察建议 to the court on enforcement moves the case there',
  machine: administrativeMachineV2,
};

export const civilWorkflow: WorkflowDefinition<typeof civilMachine> = {
  name: 'civil',
  version: 1,
  track: 'civil',
  title: '民事公益诉讼 (civil public-interest litigation)',
  machine: civilMachine,
};

export const criminalIncidentalWorkflow: WorkflowDefinition<typeof criminalIncidentalMachine> = {
  name: 'criminal_incidental',
  version: 1,
  track: 'criminal_incidental',
  title: '刑事附带民事公益诉讼 (civil public-interest claims filed with a criminal prosecution)',
  machine: criminalIncidentalMachine,
};

/** Every workflow version the engine serves, oldest first. Cases keep the version they started with. */
export const WORKFLOWS: readonly WorkflowDefinition[] = [
  administrativeWorkflow,
  administrativeWorkflowV2,
  civilWorkflow,
  criminalIncidentalWorkflow,
];

/**
 * The version new cases of a track start with. Older versions stay in WORKFLOWS for the cases that
 * started on them, until a migration (./migrations) moves those cases on.
 */
export const CURRENT_WORKFLOW_BY_TRACK: Partial<Record<Track, WorkflowDefinition>> = {
  administrative: administrativeWorkflowV2,
  civil: civilWorkflow,
  criminal_incidental: criminalIncidentalWorkflow,
};
