import type { CaseEventEntity } from '../cases/entities/case-event.entity.js';
import type { CaseEntity } from '../cases/entities/case.entity.js';
import { entryHash, headMac } from './history-seal.js';

export type ChainProblem =
  | 'missing_entry' // a sequence number is absent: an entry was deleted
  | 'unsealed' // an entry has no hash (written before sealing existed, or inserted by hand)
  | 'content_changed' // an entry's content no longer matches its seal
  | 'chain_broken' // an entry does not follow the one before it: entries deleted, swapped or inserted
  | 'truncated' // the newest entries are gone: the history ends before the case's version
  | 'anchor_invalid' // the case row's head hash or version was rewritten without the secret
  | 'snapshot_mismatch'; // the case's stored state is not what its history replays to

export interface ChainReport {
  caseId: string;
  intact: boolean;
  /** Entries found and the case's version (which equals the number of entries it should have). */
  entries: number;
  version: number;
  headHash: string | null;
  /** The first entry where the chain breaks (for `truncated`, the first missing one). */
  firstBrokenSeq: number | null;
  problem: ChainProblem | null;
  message: string;
}

/**
 * Checks a case's history against its seals, entry by entry, then against the anchor on the case
 * row. Pure: the caller loads the rows and supplies the secret and the replayed snapshot check.
 */
export function verifyChain(
  secret: string,
  c: Pick<CaseEntity, 'id' | 'version' | 'headHash' | 'headMac'>,
  entries: readonly CaseEventEntity[],
  snapshotMatches: () => boolean,
): ChainReport {
  const report = (problem: ChainProblem | null, seq: number | null, message: string): ChainReport => ({
    caseId: c.id,
    intact: problem === null,
    entries: entries.length,
    version: c.version,
    headHash: c.headHash,
    firstBrokenSeq: seq,
    problem,
    message,
  });
  let prev: string | null = null;
  for (const [i, e] of entries.entries()) {
    const expected = i + 1;
    if (e.seq !== expected) {
      return report('missing_entry', expected, `entry ${expected} is missing 第${expected}条记录缺失`);
    }
    if (!e.hash) return report('unsealed', e.seq, `entry ${e.seq} has no seal 第${e.seq}条记录未签封`);
    if (
      entryHash(secret, {
        ...e,
        approval: e.approval ?? null,
        document: e.document ?? null,
        prevHash: e.prevHash ?? null,
      }) !== e.hash
    ) {
      return report(
        'content_changed',
        e.seq,
        `entry ${e.seq} (${e.type}) was changed after it was recorded 第${e.seq}条记录被篡改`,
      );
    }
    if ((e.prevHash ?? null) !== prev) {
      return report(
        'chain_broken',
        e.seq,
        `entry ${e.seq} does not follow entry ${e.seq - 1}: entries were removed, swapped or inserted 记录链断裂`,
      );
    }
    prev = e.hash;
  }
  if (entries.length < c.version) {
    return report(
      'truncated',
      entries.length + 1,
      `history ends at entry ${entries.length} but the case is at version ${c.version}: newest entries removed 最新记录被删除`,
    );
  }
  if (
    entries.length !== c.version ||
    c.headHash !== prev ||
    c.headHash === null ||
    c.headMac !== headMac(secret, c.id, c.version, c.headHash)
  ) {
    return report(
      'anchor_invalid',
      entries.length,
      `the case's anchor (version ${c.version}, head hash) does not match its history 案件锚点与记录不符`,
    );
  }
  if (!snapshotMatches()) {
    return report(
      'snapshot_mismatch',
      null,
      `the case's stored state is not what its history replays to 案件状态与记录不符`,
    );
  }
  return report(null, null, `history intact: ${entries.length} entries 记录完整`);
}
