import { describe, expect, it } from '@jest/globals';
import type { CaseEventEntity } from '../cases/entities/case-event.entity.js';
import { canonicalJson, entryHash, headMac } from './history-seal.js';
import { verifyChain } from './history-verifier.js';

const SECRET = 'unit-test-secret-unit-test-secret-0123';

function chain(n: number): {
  entries: CaseEventEntity[];
  head: { id: string; version: number; headHash: string; headMac: string };
} {
  const entries: CaseEventEntity[] = [];
  let prev: string | null = null;
  for (let seq = 1; seq <= n; seq++) {
    const e: CaseEventEntity = {
      caseId: 'case-1',
      seq,
      type: seq === 1 ? 'CASE_OPENED' : 'ADD_NOTE',
      payload: { note: `note ${seq}`, nested: { b: 2, a: [1, { z: true, y: null }] } },
      actorId: 'u-1',
      actorRole: 'prosecutor',
      stateBefore: seq === 1 ? null : 'clue',
      stateAfter: 'clue',
      effects: [],
      workflowVersion: 1,
      occurredAt: new Date(Date.UTC(2025, 5, seq)),
      recordedAt: new Date(Date.UTC(2025, 6, seq)),
      idempotencyKey: null,
      approval: null,
      prevHash: prev,
    };
    e.hash = entryHash(SECRET, { ...e, approval: null, prevHash: prev });
    prev = e.hash;
    entries.push(e);
  }
  return {
    entries,
    head: { id: 'case-1', version: n, headHash: prev!, headMac: headMac(SECRET, 'case-1', n, prev!) },
  };
}

const ok = () => true;

describe('canonicalJson', () => {
  it('does not depend on key order, and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: undefined, e: new Date(0) } })).toBe(
      canonicalJson({ a: { e: new Date(0), d: [1, 2] }, b: 1 }),
    );
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain', () => {
    const { entries, head } = chain(5);
    expect(verifyChain(SECRET, head, entries, ok)).toMatchObject({ intact: true, problem: null, entries: 5 });
  });

  it('does not accept a chain sealed with another secret', () => {
    const { entries, head } = chain(3);
    expect(verifyChain('another-secret-another-secret-01234', head, entries, ok)).toMatchObject({
      problem: 'content_changed',
      firstBrokenSeq: 1,
    });
  });

  it('names the first broken entry for each kind of tampering', () => {
    const changed = chain(5);
    changed.entries[2].payload = { note: 'rewritten' };
    expect(verifyChain(SECRET, changed.head, changed.entries, ok)).toMatchObject({
      problem: 'content_changed',
      firstBrokenSeq: 3,
    });

    const deleted = chain(5);
    deleted.entries.splice(1, 1);
    expect(verifyChain(SECRET, deleted.head, deleted.entries, ok)).toMatchObject({
      problem: 'missing_entry',
      firstBrokenSeq: 2,
    });

    const truncated = chain(5);
    truncated.entries.length = 3;
    expect(verifyChain(SECRET, truncated.head, truncated.entries, ok)).toMatchObject({
      problem: 'truncated',
      firstBrokenSeq: 4,
    });

    const rewound = chain(5);
    rewound.entries.length = 3;
    const forgedHead = { ...rewound.head, version: 3, headHash: rewound.entries[2].hash! };
    expect(verifyChain(SECRET, forgedHead, rewound.entries, ok)).toMatchObject({ problem: 'anchor_invalid' });

    const unsealed = chain(2);
    unsealed.entries[1].hash = null;
    expect(verifyChain(SECRET, unsealed.head, unsealed.entries, ok)).toMatchObject({
      problem: 'unsealed',
      firstBrokenSeq: 2,
    });

    const stateChanged = chain(2);
    expect(verifyChain(SECRET, stateChanged.head, stateChanged.entries, () => false)).toMatchObject({
      problem: 'snapshot_mismatch',
    });
  });

  it('finds a re-sealed entry that no longer follows its predecessor', () => {
    const { entries, head } = chain(4);
    // Someone with the secret could re-seal one entry, but not without breaking the link to it.
    const e = entries[2];
    e.prevHash = 'f'.repeat(64);
    e.hash = entryHash(SECRET, { ...e, approval: null, prevHash: e.prevHash });
    expect(verifyChain(SECRET, head, entries, ok)).toMatchObject({
      problem: 'chain_broken',
      firstBrokenSeq: 3,
    });
  });
});

describe('the document an entry issued or served', () => {
  const entry = chain(1).entries[0];
  const record = { action: 'issued', number: '穗天检行公建〔2026〕3号', file: { sha256: 'a'.repeat(64) } };

  it('leaves the seal of an entry without one as it was before documents existed', () => {
    expect(entryHash(SECRET, { ...entry, approval: null, document: null, prevHash: null })).toBe(entry.hash);
    expect(entryHash(SECRET, { ...entry, approval: null, prevHash: null })).toBe(entry.hash);
  });

  it('is sealed: another number or hash breaks the seal', () => {
    const sealed = entryHash(SECRET, { ...entry, approval: null, document: record, prevHash: null });
    expect(sealed).not.toBe(entry.hash);
    const forged = { ...record, file: { sha256: 'b'.repeat(64) } };
    expect(entryHash(SECRET, { ...entry, approval: null, document: forged, prevHash: null })).not.toBe(
      sealed,
    );
  });
});
