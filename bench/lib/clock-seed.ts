import type pg from 'pg';
import { type ClockKind, type Period } from '../../workflows/clocks.js';
import { exampleEvent, type EventType } from '../../workflows/events.js';
import { CURRENT_WORKFLOW_BY_TRACK } from '../../workflows/registry.js';
import { WorkflowStepper } from '../../workflows/step.js';
import { clockJobId } from '../../src/deadlines/clock.types.js';
import { chinaDateOf, computeClock } from '../../src/deadlines/clock-calculator.js';
import { loadHolidayCalendar } from '../../src/deadlines/period/calendar-source.js';
import { addDays, daysBetween } from '../../src/deadlines/period/iso-date.js';
import { benchPlan } from './clock-policy.js';

/**
 * Bulk rows for the clocks bench, written with INSERT ... SELECT generate_series. Every row is
 * what the application itself would hold: a case stepped by the real workflow, clocks computed by
 * the real rules (derivation JSON included), `next_step`/`next_step_at` taken from the escalation
 * plan the worker uses, and one outbox entry per clock, committed with it, for the relay to enqueue.
 *
 * Ids are deterministic, `<group>-0000-4000-8000-<n>`, so one phase's rows are a primary-key range.
 */

const hex = (v: number, width: number) => v.toString(16).padStart(width, '0');

/** The rows of one phase: far-future set (0), burst b (b), steady run (STEADY_PHASE), template case. */
export const FAR_PHASE = 0;
export const STEADY_PHASE = 0xff;
const TEMPLATE_PHASE = 0xfe;

const caseGroup = (phase: number) => hex(0xca5e0000 + phase, 8);
const clockGroup = (phase: number) => hex(0xc10c0000 + phase, 8);

export const caseId = (phase: number, n: number) => `${caseGroup(phase)}-0000-4000-8000-${hex(n, 12)}`;
export const clockId = (phase: number, n: number) => `${clockGroup(phase)}-0000-4000-8000-${hex(n, 12)}`;
const idSql = (group: string, expr: string) =>
  `('${group}-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;

/** First and last possible id of a phase, for `id BETWEEN $1 AND $2`. */
export const caseRange = (phase: number): [string, string] => [
  caseId(phase, 0),
  caseId(phase, 0xffffffffffff),
];
export const clockRange = (phase: number): [string, string] => [
  clockId(phase, 0),
  clockId(phase, 0xffffffffffff),
];

// ---- Case template ----

/** Where a clock is running: recommendation served, filing (备案) and reply periods open. */
const CASE_PATH: readonly EventType[] = [
  'FILE_CASE',
  'SERVE_FILING_DECISION',
  'CONCLUDE_INVESTIGATION',
  'DECIDE_RECOMMENDATION',
  'SERVE_RECOMMENDATION',
];

export interface CaseTemplate {
  workflow: string;
  state: string;
  snapshot: Record<string, unknown>;
}

/** An administrative case stepped by the current workflow along CASE_PATH (as far as it accepts). */
export function caseTemplate(): CaseTemplate {
  const definition = CURRENT_WORKFLOW_BY_TRACK.administrative;
  if (!definition) throw new Error('no administrative workflow');
  const stepper = new WorkflowStepper(definition);
  let { state, snapshot } = stepper.start({ domain: 'ecology_environment' });
  for (const type of CASE_PATH) {
    const step = stepper.step(snapshot, exampleEvent(type));
    if (!step.ok) break;
    ({ stateAfter: state, snapshot } = step);
  }
  return { workflow: `${definition.name} v${definition.version}`, state, snapshot };
}

/**
 * Inserts the template case with the columns the bench knows; a column added later that is
 * NOT NULL without a default stops the bench with its name (procuratorate_id, when present, is
 * the root procuratorate the migration creates).
 */
async function insertTemplateCase(client: pg.ClientBase, template: CaseTemplate): Promise<string> {
  const { rows: columns } = await client.query<{ column_name: string; required: boolean }>(
    `SELECT column_name, (is_nullable = 'NO' AND column_default IS NULL) AS required
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'cases'`,
  );
  const definition = CURRENT_WORKFLOW_BY_TRACK.administrative!;
  const known: Record<string, unknown> = {
    id: caseId(TEMPLATE_PHASE, 0),
    track: 'administrative',
    workflow_name: definition.name,
    workflow_version: definition.version,
    snapshot: template.snapshot,
    state: template.state,
    version: 1,
    domain: 'ecology_environment',
    title: '某河段非法排污',
    respondent: '某区生态环境局',
    clue: { source: '群众举报', receivedAt: '2026-06-02T00:00:00.000Z', summary: '河道排污口持续排放' },
    handling_prosecutor_id: 'prosecutor-bench',
  };
  const names: string[] = [];
  const values: string[] = [];
  const params: unknown[] = [];
  for (const { column_name: name, required } of columns) {
    if (name in known) {
      params.push(known[name]);
      names.push(name);
      values.push(`$${params.length}`);
    } else if (name === 'procuratorate_id') {
      const { rows } = await client.query<{ ok: boolean }>(
        `SELECT to_regclass('public.procuratorates') IS NOT NULL AS ok`,
      );
      if (rows[0]?.ok) {
        names.push(name);
        values.push(`(SELECT id FROM procuratorates WHERE parent_id IS NULL ORDER BY created_at LIMIT 1)`);
      }
    } else if (required) {
      throw new Error(`cases.${name} is NOT NULL without a default: teach bench/lib/clock-seed.ts its value`);
    }
  }
  await client.query(`INSERT INTO cases (${names.join(', ')}) VALUES (${values.join(', ')})`, params);
  return known['id'] as string;
}

/** Copies the template case `count` times (title numbered) as the cases of a phase. */
async function copyCases(client: pg.ClientBase, templateId: string, phase: number, count: number) {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = 'cases'
        AND column_name NOT IN ('id', 'title', 'created_at', 'updated_at')`,
  );
  const copied = rows.map((r) => r.column_name).join(', ');
  await client.query(
    `INSERT INTO cases (id, title, ${copied})
     SELECT ${idSql(caseGroup(phase), 'n')}, title || ' #' || n, ${copied}
       FROM cases, generate_series(0, $2::int - 1) AS n WHERE id = $1`,
    [templateId, count],
  );
}

// ---- Clock templates ----

/** The computed part of a clock of one kind: rule, derivation, period length, first step. */
export interface ClockTemplate {
  kind: ClockKind;
  variant: string | null;
  derivation: unknown;
  ruleSet: string;
  ruleId: string;
  periodDays: number;
  /** For a clock whose whole plan is ahead: its first step and that step's offset from due. */
  firstStep: string;
  firstOffsetMs: number;
}

const REQUESTS: { kind: ClockKind; variant?: string; period?: Period }[] = [
  { kind: 'AGENCY_REPLY', variant: 'ordinary' },
  { kind: 'RECTIFICATION', period: { months: 2 } },
  { kind: 'PROSECUTION_REVIEW', variant: 'administrative' },
  { kind: 'ANNOUNCEMENT' },
  { kind: 'SETTLEMENT_NOTICE' },
  { kind: 'RECOMMENDATION_FILING' },
  { kind: 'LAWSUIT_FILING' },
  { kind: 'FILING_DECISION_SERVICE' },
  { kind: 'RECOMMENDATION_SERVICE' },
];

/** One template per kind above, computed by the real rules for a clock triggered today. */
export function clockTemplates(now: Date): Map<ClockKind, ClockTemplate> {
  const calendar = loadHolidayCalendar();
  const triggerDate = chinaDateOf(now);
  const templates = new Map<ClockKind, ClockTemplate>();
  for (const req of REQUESTS) {
    const c = computeClock({ ...req, triggerDate }, calendar);
    const [first] = benchPlan(req.kind, c.dueAt);
    templates.set(req.kind, {
      kind: req.kind,
      variant: req.variant ?? null,
      derivation: c.derivation,
      ruleSet: c.ruleSetId,
      ruleId: c.ruleId,
      periodDays: daysBetween(triggerDate, c.dueDate),
      firstStep: first.name,
      firstOffsetMs: first.at.getTime() - c.dueAt.getTime(),
    });
  }
  return templates;
}

// ---- Phases ----

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** clockJobId (revision 0) as a SQL expression over `id` and `next_step`, so the two never differ. */
function jobIdSql(): string {
  const [before, rest] = clockJobId({ clockId: '\u0001', revision: 0, step: '\u0002' }).split('\u0001');
  const [middle, after] = rest.split('\u0002');
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  return `${literal(before)} || id || ${literal(middle)} || next_step || ${literal(after)}`;
}

/** The outbox entries of a phase's clocks (revision 0), as ClockScheduler.scheduleNext writes them. */
async function outboxOfPhase(client: pg.ClientBase, phase: number): Promise<void> {
  await client.query(
    `INSERT INTO clock_outbox (clock_id, action, job_id, step, run_at)
     SELECT id, 'add', ${jobIdSql()}, next_step, next_step_at
       FROM clocks WHERE id BETWEEN $1 AND $2 ORDER BY id`,
    clockRange(phase),
  );
}

export async function createTemplateCase(pool: pg.Pool, template: CaseTemplate): Promise<string> {
  return inTransaction(pool, (client) => insertTemplateCase(client, template));
}

/**
 * The far-future set, in one transaction: `clocks / perCase` cases and `clocks` pending clocks of
 * the template kinds in turn, each due at the end of a China day 30 to 394 days ahead (about
 * clocks/365 share each midnight), next step = the first step of its plan, revision 0.
 */
export async function seedFarFuture(
  pool: pg.Pool,
  templateCaseId: string,
  templates: ClockTemplate[],
  clocks: number,
  perCase: number,
): Promise<void> {
  const table = templates.map((t, k) => ({
    k,
    kind: t.kind,
    variant: t.variant,
    derivation: t.derivation,
    rule_set: t.ruleSet,
    rule_id: t.ruleId,
    period_days: t.periodDays,
    first_step: t.firstStep,
    first_offset_ms: t.firstOffsetMs,
  }));
  await inTransaction(pool, async (client) => {
    await copyCases(client, templateCaseId, FAR_PHASE, Math.ceil(clocks / perCase));
    await client.query(
      `WITH t AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(k int, kind text, variant text, derivation jsonb,
           rule_set text, rule_id text, period_days int, first_step text, first_offset_ms bigint)
       ), d AS (
         SELECT n, (now() AT TIME ZONE 'Asia/Shanghai')::date + 30 + ((n::bigint * 7919) % 365)::int AS due_date
           FROM generate_series(0, $2::int - 1) AS n
       ), c AS (
         SELECT n, due_date, ((due_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS due_at FROM d
       )
       INSERT INTO clocks (id, case_id, kind, variant, status, trigger_date, trigger_seq, due_date, due_at,
         strict_due_date, derivation, rule_set, rule_id, revision, next_step, next_step_at)
       SELECT ${idSql(clockGroup(FAR_PHASE), 'c.n')}, ${idSql(caseGroup(FAR_PHASE), 'c.n / $3::int')},
         t.kind, t.variant, 'pending', c.due_date - t.period_days, 6, c.due_date, c.due_at,
         c.due_date, t.derivation, t.rule_set, t.rule_id, 0, t.first_step,
         c.due_at + t.first_offset_ms * interval '1 millisecond'
         FROM c JOIN t ON t.k = c.n % $4::int`,
      [JSON.stringify(table), clocks, perCase, table.length],
    );
    await outboxOfPhase(client, FAR_PHASE);
  });
}

/**
 * `count` clocks of one kind, one per new case, whose next step is the expiry: clock n is due at
 * `firstDue + n * spacingMs` (spacing 0 = a burst: all at one instant). The reminders before it
 * are recorded as done (`last_step`), as they would be the day before.
 */
export async function seedDueClocks(
  pool: pg.Pool,
  templateCaseId: string,
  template: ClockTemplate,
  phase: number,
  count: number,
  firstDue: Date,
  spacingMs: number,
): Promise<void> {
  const plan = benchPlan(template.kind, firstDue);
  const expiry = plan.findIndex((s) => s.kind === 'expiry');
  const lastStep = expiry > 0 ? plan[expiry - 1].name : null;
  const dueDate = chinaDateOf(firstDue);
  await inTransaction(pool, async (client) => {
    await copyCases(client, templateCaseId, phase, count);
    await client.query(
      `INSERT INTO clocks (id, case_id, kind, variant, status, trigger_date, trigger_seq, due_date, due_at,
         strict_due_date, derivation, rule_set, rule_id, revision, last_step, next_step, next_step_at)
       SELECT ${idSql(clockGroup(phase), 'n')}, ${idSql(caseGroup(phase), 'n')}, $1, $2, 'pending', $3::date, 6,
         $4::date, due_at, $4::date, $5::jsonb, $6, $7, 0, $8, 'expiry', due_at
         FROM generate_series(0, $9::int - 1) AS n,
              LATERAL (SELECT $10::timestamptz + n * $11::float8 * interval '1 millisecond' AS due_at) AS d`,
      [
        template.kind,
        template.variant,
        addDays(dueDate, -template.periodDays),
        dueDate,
        JSON.stringify(template.derivation),
        template.ruleSet,
        template.ruleId,
        lastStep,
        count,
        firstDue,
        spacingMs,
      ],
    );
    await outboxOfPhase(client, phase);
  });
}
