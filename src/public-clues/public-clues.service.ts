import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CasesService } from '../cases/cases.service.js';
import type { Actor } from '../common/actor.js';
import { AppError, ValidationFailed } from '../common/app-error.js';
import { ProcuratoratesRepository } from '../procuratorates/procuratorates.repository.js';
import type { PublicClueInput } from './public-clues.schemas.js';
import { PublicCluesRepository } from './public-clues.repository.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function newTrackingCode(): string {
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => CROCKFORD[b % 32]).join('');
}

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

/** What the public is told: the stage, never the case's content or who handles it. */
export interface PublicProgress {
  status: 'received' | 'in_progress' | 'closed';
  statusLabel: string;
  receivedAt: string;
  updatedAt: string;
}

const CLOSED_LABELS: Record<string, string> = {
  declined: '已办结：不予立案',
  transferred: '已办结：已移送有关机关',
};

/**
 * 社会公众: submit a clue to a procuratorate without an account and follow it with a tracking code.
 * The case is opened like any other, with `public` as the actor of its first entry.
 */
@Injectable()
export class PublicCluesService {
  constructor(
    private readonly cases: CasesService,
    private readonly procuratorates: ProcuratoratesRepository,
    private readonly receipts: PublicCluesRepository,
  ) {}

  async submit(input: PublicClueInput): Promise<{ trackingCode: string; receivedAt: string }> {
    const target = await this.procuratorates.findByCode(input.procuratorateCode);
    if (!target) {
      throw new ValidationFailed([{ field: 'procuratorateCode', problem: 'no such procuratorate' }]);
    }
    const actor: Actor = { id: 'public', role: 'public', procuratorateId: target.id, name: '社会公众' };
    const receivedAt = new Date();
    const created = await this.cases.create(
      {
        track: input.track,
        domain: input.domain,
        title: input.title,
        ...(input.respondent ? { respondent: input.respondent } : {}),
        clue: { source: '社会公众举报', receivedAt, summary: input.summary },
      },
      actor,
    );
    const trackingCode = newTrackingCode();
    await this.receipts.insert(hashCode(trackingCode), created.id);
    return { trackingCode, receivedAt: receivedAt.toISOString() };
  }

  async progress(trackingCode: string): Promise<PublicProgress> {
    const found = await this.receipts.progress(hashCode(trackingCode));
    if (!found) throw new AppError('NOT_FOUND', 'No clue with this tracking code 查询码无效');
    const [status, statusLabel]: [PublicProgress['status'], string] =
      found.state === 'clue'
        ? ['received', '已受理，正在评估']
        : found.state === 'closed'
          ? ['closed', CLOSED_LABELS[found.outcome ?? ''] ?? '已办结']
          : ['in_progress', '已立案，正在办理'];
    return {
      status,
      statusLabel,
      receivedAt: found.receivedAt.toISOString(),
      updatedAt: found.updatedAt.toISOString(),
    };
  }
}
