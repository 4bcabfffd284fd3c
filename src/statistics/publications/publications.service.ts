import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/actor.js';
import { AppError } from '../../common/app-error.js';
import { ProcuratoratesRepository } from '../../procuratorates/procuratorates.repository.js';
import { FiguresRepository } from '../figures.repository.js';
import { periodBounds } from '../metrics/periods.js';
import { canReadFigures } from '../statistics-access.js';
import { type Publication, PublicationsRepository } from './publications.repository.js';
import type {
  ProposePublicationInput,
  PublicationView,
  PublicStatisticsQuery,
} from './publications.schemas.js';
import {
  canonicalJson,
  CSV_HEADER,
  csvRows,
  type PublicDocument,
  publicDocument,
  PUBLISHED_METRICS,
  rawFigures,
  sha256,
} from './published-figures.js';

/** PostgreSQL's unique_violation, as TypeORM passes it on. */
const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  return e?.code === '23505' || e?.driverError?.code === '23505';
};

/**
 * Published statistics (PRODUCT.md §5.1): a supervisor or a chief prosecutor proposes a period's
 * figures; the public document is computed then, with the small-cell rule, frozen and hashed; a
 * chief prosecutor of the procuratorate approves it (never the proposer: the engine's approval
 * rule), and only then is it served to the public.
 */
@Injectable()
export class PublicationsService {
  constructor(
    private readonly publications: PublicationsRepository,
    private readonly figures: FiguresRepository,
    private readonly procuratorates: ProcuratoratesRepository,
  ) {}

  async propose(input: ProposePublicationInput, actor: Actor): Promise<PublicationView> {
    if (actor.role !== 'supervisor' && actor.role !== 'chief_prosecutor') {
      throw new AppError(
        'ROLE_NOT_PERMITTED',
        'Only supervisors and chief prosecutors propose statistics for publication 仅案件管理部门和检察长可以提请公开统计数据',
      );
    }
    const id = input.procuratorateId ?? actor.procuratorateId;
    const target = id ? await this.procuratorates.findById(id) : null;
    if (!target) throw new AppError('NOT_FOUND', `No procuratorate ${id ?? ''} 检察院不存在`);
    const allowed =
      actor.role === 'chief_prosecutor' ? actor.procuratorateId === target.id : canReadFigures(actor, target);
    if (!allowed) {
      throw new AppError(
        'OUT_OF_JURISDICTION',
        'Statistics of your own procuratorate (supervisors: or below it) 仅可提请公开本院（案件管理部门：及下级院）统计数据',
      );
    }
    const { from, to } = periodBounds(input.period);
    const state = await this.figures.state();
    if (!state || state.asOf <= to) {
      throw new AppError(
        'STATISTICS_NOT_READY',
        `The figures of ${input.period} can be published once computed after it ended (last computed as of ${state?.asOf ?? 'never'}) 统计期间结束后更新统计数据方可提请公开`,
        { period: input.period, periodEnd: to, asOf: state?.asOf ?? null },
      );
    }
    if ((await this.publications.approved(target.code, input.period)).length > 0) {
      throw new AppError(
        'PUBLICATION_EXISTS',
        `The figures of ${input.period} are already published 该期间统计数据已公开`,
      );
    }
    const units = await this.publications.units(target.id);
    const sums = await this.publications.unitSums(units, PUBLISHED_METRICS, { from, to, asOf: state.asOf });
    const raw = rawFigures(units, sums, { period: input.period, from, to, asOf: state.asOf });
    const document = canonicalJson(
      publicDocument({ code: target.code, name: target.name, level: target.level }, raw),
    );
    try {
      const created = await this.publications.insert({
        procuratorateId: target.id,
        period: input.period,
        proposedBy: actor.id,
        proposedRole: actor.role,
        comment: input.comment ?? null,
        asOf: state.asOf,
        refreshedAt: state.refreshedAt,
        figures: raw,
        publicDocument: document,
        sha256: sha256(document),
      });
      return this.view((await this.publications.findById(created))!);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(
          'PUBLICATION_ALREADY_OPEN',
          `A proposal for ${input.period} is already open 该期间已有待审批的公开提请`,
        );
      }
      throw error;
    }
  }

  async get(id: string, actor: Actor): Promise<PublicationView> {
    return this.view(await this.visible(id, actor));
  }

  async list(status: Publication['status'] | undefined, actor: Actor) {
    const own = actor.procuratorateId ? await this.procuratorates.findById(actor.procuratorateId) : null;
    if (!own || !canReadFigures(actor, own)) return { items: [] };
    const items = await this.publications.list({ subtreePath: own.path, status });
    return {
      items: items.map((p) => {
        const view: Partial<PublicationView> = this.view(p);
        delete view.figures;
        delete view.document;
        return view;
      }),
    };
  }

  approve(id: string, comment: string | undefined, actor: Actor): Promise<PublicationView> {
    return this.decide(id, 'approved', comment ?? null, actor);
  }

  reject(id: string, comment: string, actor: Actor): Promise<PublicationView> {
    return this.decide(id, 'rejected', comment, actor);
  }

  async withdraw(id: string, actor: Actor): Promise<PublicationView> {
    const found = await this.visible(id, actor);
    if (found.proposedBy.id !== actor.id) {
      throw new AppError('ROLE_NOT_PERMITTED', 'Only the proposer withdraws a proposal 仅提请人可以撤回');
    }
    if (!(await this.publications.close(id, 'withdrawn', null, null))) this.notOpen(found);
    return this.view((await this.publications.findById(id))!);
  }

  private async decide(
    id: string,
    status: 'approved' | 'rejected',
    comment: string | null,
    actor: Actor,
  ): Promise<PublicationView> {
    const found = await this.visible(id, actor);
    if (actor.role !== 'chief_prosecutor' || actor.procuratorateId !== found.procuratorate.id) {
      throw new AppError(
        'ROLE_NOT_PERMITTED',
        'A chief prosecutor of the publishing procuratorate decides 由本院检察长审批',
      );
    }
    if (found.proposedBy.id === actor.id) {
      throw new AppError('SELF_APPROVAL', 'Nobody approves their own proposal 不得审批本人提请');
    }
    try {
      if (!(await this.publications.close(id, status, actor.id, comment))) this.notOpen(found);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError(
          'PUBLICATION_EXISTS',
          `The figures of ${found.period} are already published 该期间统计数据已公开`,
        );
      throw error;
    }
    return this.view((await this.publications.findById(id))!);
  }

  private notOpen(p: Publication): never {
    throw new AppError('PUBLICATION_NOT_OPEN', `The proposal is ${p.status}, no longer open 该提请已办结`, {
      status: p.status,
    });
  }

  /** A publication the caller may see (staff of its procuratorate or above); otherwise 404. */
  private async visible(id: string, actor: Actor): Promise<Publication> {
    const found = /^[0-9a-f-]{36}$/i.test(id) ? await this.publications.findById(id) : null;
    const where = found ? await this.procuratorates.findById(found.procuratorate.id) : null;
    if (!found || !where || !canReadFigures(actor, where)) {
      throw new AppError('PUBLICATION_NOT_FOUND', `No statistics publication ${id} 统计公开提请不存在`);
    }
    return found;
  }

  private view(p: Publication): PublicationView {
    return {
      id: p.id,
      procuratorate: p.procuratorate,
      period: p.period,
      status: p.status,
      proposedBy: p.proposedBy,
      proposedAt: p.proposedAt.toISOString(),
      proposalComment: p.proposalComment,
      decidedBy: p.decidedBy,
      decidedAt: p.decidedAt?.toISOString() ?? null,
      decisionComment: p.decisionComment,
      asOf: p.asOf,
      refreshedAt: p.refreshedAt.toISOString(),
      sha256: p.sha256,
      figures: p.figures,
      document: JSON.parse(p.publicDocument) as PublicDocument,
    };
  }

  // ——— the public side: approved documents only, as frozen ———

  async publicIndex() {
    return { items: (await this.publications.approved()).map(publicRef) };
  }

  async publicDocumentOf(code: string, period: string) {
    const [found] = await this.publications.approved(code, period);
    if (!found)
      throw new AppError(
        'NOT_FOUND',
        `No published statistics of ${code} for ${period} 未公开该期间统计数据`,
      );
    return { publication: publicRef(found), document: JSON.parse(found.publicDocument) as PublicDocument };
  }

  /** Every approved publication of a procuratorate of a kind of period, as series per period (for charts). */
  async publicSeries(code: string, periodKind: 'year' | 'quarter') {
    const found = (await this.publications.approved(code)).filter((p) =>
      periodKind === 'year' ? /^\d{4}$/.test(p.period) : /-Q/.test(p.period),
    );
    const target = await this.procuratorates.findByCode(code);
    if (!target) throw new AppError('NOT_FOUND', `No procuratorate ${code} 检察院不存在`);
    const docs = found.map((p) => JSON.parse(p.publicDocument) as PublicDocument);
    const periods = docs.map((d) => d.period);
    const units = new Map<
      string,
      { code: string; name: string; level: string; lines: Map<string, SeriesLine> }
    >();
    docs.forEach((d, i) => {
      for (const u of d.units) {
        let unit = units.get(u.code);
        if (!unit)
          units.set(u.code, (unit = { code: u.code, name: u.name, level: u.level, lines: new Map() }));
        for (const l of u.lines) {
          const key = `${l.metric}|${l.line}`;
          let line = unit.lines.get(key);
          if (!line) {
            line = { metric: l.metric, line: l.line, label: l.label, values: periods.map(() => null) };
            if (l.denominator !== undefined) {
              line.numerators = periods.map(() => null);
              line.denominators = periods.map(() => null);
            }
            unit.lines.set(key, line);
          }
          line.values[i] = l.value;
          if (line.numerators) line.numerators[i] = l.numerator ?? null;
          if (line.denominators) line.denominators[i] = l.denominator ?? null;
        }
      }
    });
    return {
      procuratorate: { code: target.code, name: target.name, level: target.level },
      periodKind,
      periods,
      publications: found.map(publicRef),
      metrics: docs.at(-1)?.metrics ?? [],
      units: [...units.values()].map((u) => ({ ...u, lines: [...u.lines.values()] })),
    };
  }

  /** The CSV of the public statistics asked for: the list of publications, or their figures. */
  async publicCsv(q: PublicStatisticsQuery): Promise<{ header: string[]; rows: unknown[][] }> {
    if (!q.procuratorate) {
      return {
        header: ['procuratorate_code', 'procuratorate', 'period', 'approved_at', 'sha256'],
        rows: (await this.publications.approved()).map((p) => [
          p.procuratorate.code,
          p.procuratorate.name,
          p.period,
          p.decidedAt?.toISOString() ?? '',
          p.sha256,
        ]),
      };
    }
    const found = (await this.publications.approved(q.procuratorate, q.period)).filter(
      (p) =>
        q.period !== undefined || (q.periodKind === 'year' ? /^\d{4}$/.test(p.period) : /-Q/.test(p.period)),
    );
    return {
      header: CSV_HEADER,
      rows: csvRows(found.map((p) => JSON.parse(p.publicDocument) as PublicDocument)),
    };
  }
}

type Cell = number | '<5' | 'suppressed' | null;
interface SeriesLine {
  metric: string;
  line: string;
  label: { zh: string; en: string };
  values: Cell[];
  numerators?: Cell[];
  denominators?: Cell[];
}

function publicRef(p: Publication) {
  return {
    id: p.id,
    procuratorate: { code: p.procuratorate.code, name: p.procuratorate.name, level: p.procuratorate.level },
    period: p.period,
    approvedAt: p.decidedAt?.toISOString() ?? '',
    sha256: p.sha256,
  };
}
