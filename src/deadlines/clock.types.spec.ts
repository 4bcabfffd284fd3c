import { describe, expect, it } from '@jest/globals';
import { Job, type Queue } from 'bullmq';
import { clockJobId, type ClockStepJob, parseClockJobId } from './clock.types.js';

const job: ClockStepJob = {
  clockId: '0c10c000-0000-4000-8000-00000000002a',
  revision: 3,
  step: 'escalation-1',
};

/** BullMQ's own check of a job's options (the one `add`/`addBulk` runs), without Redis. */
class Probe extends Job {
  check(): void {
    this.validateOptions(this.asJSON());
  }
}

function bullmqAccepts(jobId: string): void {
  const queue = { opts: {}, keys: {}, toKey: (t: string) => t, qualifiedName: 'q' } as unknown as Queue;
  new Probe(queue, 'clock-step', job, { jobId }).check();
}

describe('clock job ids', () => {
  it('are accepted by BullMQ (no ":" in a custom id)', () => {
    expect(() => bullmqAccepts(clockJobId(job))).not.toThrow();
    expect(() => bullmqAccepts(`clock:${job.clockId}:${job.revision}:${job.step}`)).toThrow(/cannot contain/);
  });

  it('name their clock, revision and step, and are read back', () => {
    expect(parseClockJobId(clockJobId(job))).toEqual(job);
    expect(clockJobId({ ...job, revision: 4 })).not.toBe(clockJobId(job));
  });

  it('reads the colon form of outbox rows written before, and nothing else', () => {
    expect(parseClockJobId(`clock:${job.clockId}:${job.revision}:${job.step}`)).toEqual(job);
    expect(parseClockJobId('clock.not-a-uuid.1.expiry')).toBeNull();
    expect(parseClockJobId('other')).toBeNull();
  });
});
