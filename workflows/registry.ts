import { administrativeMachine } from './administrative.machine.js';
import type { WorkflowDefinition } from './definition.js';
import type { Track } from './roles.js';

export const administrativeWorkflow: WorkflowDefinition<typeof administrativeMachine> = {
  name: 'administrative',
  version: 1,
  track: 'administrative',
  title: '行政公益诉讼 (administrative public-interest litigation)',
  machine: administrativeMachine,
};

/** Every workflow version the engine serves, oldest first. Cases keep the version they started with. */
export const WORKFLOWS: readonly WorkflowDefinition[] = [administrativeWorkflow];

/** The version new cases of a track start with. */
export const CURRENT_WORKFLOW_BY_TRACK: Partial<Record<Track, WorkflowDefinition>> = {
  administrative: administrativeWorkflow,
};
