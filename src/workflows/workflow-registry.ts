import { Injectable } from '@nestjs/common';
import type { WorkflowDefinition } from '../../workflows/definition.js';
import { describeWorkflow, type WorkflowInfo } from '../../workflows/introspect.js';
import { CURRENT_WORKFLOW_BY_TRACK, WORKFLOWS } from '../../workflows/registry.js';
import type { Track } from '../../workflows/roles.js';
import { WorkflowStepper } from '../../workflows/step.js';

/** The workflow versions this engine serves, each with its (pure) stepper built once. */
@Injectable()
export class WorkflowRegistry {
  private readonly steppers = new Map<string, WorkflowStepper>(
    WORKFLOWS.map((def) => [key(def.name, def.version), new WorkflowStepper(def)]),
  );

  /** The stepper for a stored case; a case keeps the workflow version it started with. */
  stepper(name: string, version: number): WorkflowStepper {
    const stepper = this.steppers.get(key(name, version));
    if (!stepper) throw new Error(`workflow ${name}@${version} is not served by this engine`);
    return stepper;
  }

  /** A served workflow version, or undefined. */
  definition(name: string, version: number): WorkflowDefinition | undefined {
    return this.steppers.get(key(name, version))?.definition;
  }

  currentFor(track: Track): WorkflowDefinition | undefined {
    return CURRENT_WORKFLOW_BY_TRACK[track];
  }

  /** Every served version; `current` marks the one new cases of its track start with. */
  describeAll(): (WorkflowInfo & { current: boolean })[] {
    return WORKFLOWS.map((def) => ({
      ...describeWorkflow(def),
      current: CURRENT_WORKFLOW_BY_TRACK[def.track] === def,
    }));
  }
}

const key = (name: string, version: number) => `${name}@${version}`;
