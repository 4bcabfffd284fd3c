import { describe, expect, it } from '@jest/globals';
import { administrativeWorkflow } from './registry.js';
import { WorkflowStepper } from './step.js';

describe('WorkflowStepper', () => {
  const stepper = new WorkflowStepper(administrativeWorkflow);

  it('starts an administrative case in clue', () => {
    expect(stepper.start({}).state).toBe('clue');
  });

  it('refuses an event the state does not accept and lists what it accepts', () => {
    const { snapshot } = stepper.start({});
    const result = stepper.step(snapshot, { type: 'SERVE_RECOMMENDATION' });
    expect(result).toMatchObject({ ok: false, reason: 'not_accepted', state: 'clue' });
    if (!result.ok)
      expect(result.allowedEvents.sort()).toEqual([
        'ADD_NOTE',
        'DECLINE_CASE',
        'FILE_CASE',
        'FILE_WITH_UPPER',
        'TRANSFER_CLUE',
      ]);
  });
});
