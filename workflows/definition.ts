import type { AnyStateMachine } from 'xstate';
import type { Track } from './roles.js';

/** A named, versioned workflow: the machine the engine interprets for every case of a track. */
export interface WorkflowDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  name: string;
  version: number;
  track: Track;
  title: string;
  /** What changed from the previous version of the same workflow (absent for version 1). */
  changes?: string;
  machine: TMachine;
}
