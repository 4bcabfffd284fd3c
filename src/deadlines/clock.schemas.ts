import { z } from 'zod';
import { CLOCK_KINDS } from '../../workflows/clocks.js';
import { calendarDate, instant, pageOf } from '../common/view-schemas.js';
import { CLOCK_STATUSES } from './clock.types.js';

const periodSchema = z
  .union([
    z.strictObject({ days: z.number().int() }),
    z.strictObject({ months: z.number().int() }),
    z.strictObject({ years: z.number().int() }),
  ])
  .meta({ id: 'Period' });

const dayNote = {
  date: calendarDate,
  weekday: z.string(),
  holidayName: z.string().optional(),
  note: z.string(),
};

/**
 * How a clock's due date was computed (为什么是这一天): the rule in force on the trigger date, its
 * legal source, the period, the raw end date, every rest day skipped and why, the calendar used,
 * and whether the date is provisional (its year's holiday notice is not out yet). Stored with the
 * clock when it is computed; extensions, pauses and recomputations append `adjustments`. Open to
 * fields older or newer derivations carry.
 */
export const clockDerivationSchema = z
  .looseObject({
    start: calendarDate,
    period: periodSchema,
    periodText: z.string(),
    rules: z.array(
      z.strictObject({
        id: z.string(),
        statement: z.string(),
        source: z.string(),
        tag: z.enum(['V', 'I']).describe('V: checked against the text; I: inferred'),
      }),
    ),
    rawEndDate: calendarDate,
    rawEndNote: z.string(),
    rollOver: z.union([
      z.strictObject({
        mode: z.literal('to_working_day'),
        steps: z.array(z.strictObject({ ...dayNote, reason: z.enum(['weekend', 'statutory_holiday']) })),
        dueDay: z.strictObject({ ...dayNote, kind: z.enum(['working_day', 'make_up_working_day']) }),
      }),
      z.strictObject({ mode: z.literal('strict'), steps: z.array(z.never()), note: z.string() }),
    ]),
    dueDate: calendarDate,
    calendarSources: z.array(z.string()),
    summary: z.string(),
    clock: z.strictObject({
      kind: z.enum(CLOCK_KINDS),
      variant: z.string().nullable(),
      decisionKind: z.enum(['judgment', 'ruling']).nullable(),
    }),
    ruleSet: z.string(),
    ruleId: z.string(),
    source: z.string(),
    ruleDescription: z.string(),
    provisional: z.strictObject({ reason: z.string(), years: z.array(z.number().int()) }).optional(),
    adjustments: z.array(z.unknown()).optional(),
  })
  .meta({ id: 'ClockDerivation' });

/** A statutory or internal time limit of a case (法定期限), with how its due date was derived. */
export const clockViewSchema = z
  .strictObject({
    id: z.uuid(),
    caseId: z.uuid(),
    kind: z.enum(CLOCK_KINDS),
    variant: z.string().nullable(),
    status: z.enum(CLOCK_STATUSES),
    triggerDate: calendarDate,
    dueDate: calendarDate.describe('the last day of the period (it ends at 24:00 China time)'),
    dueAt: instant,
    strictDueDate: calendarDate.describe('the calendar date without the rest-day roll-over (reminders)'),
    provisional: z.boolean(),
    ruleSet: z.string(),
    escalationLevel: z.number().int(),
    nextStep: z.string().nullable(),
    nextStepAt: instant.nullable(),
    satisfiedAt: instant.nullable(),
    firedAt: instant.nullable(),
    extensions: z.array(z.unknown()),
    derivation: clockDerivationSchema,
  })
  .meta({ id: 'Clock' });

export const clockPageSchema = pageOf(clockViewSchema);

/** A reminder, expiry or escalation addressed to a person or to the holders of a role. */
export const notificationSchema = z
  .strictObject({
    id: z.uuid(),
    recipientId: z.string().nullable(),
    recipientRole: z.string(),
    caseId: z.uuid(),
    clockId: z.uuid().nullable(),
    kind: z.string(),
    message: z.string(),
    createdAt: instant,
    readAt: instant.nullable(),
  })
  .meta({ id: 'Notification' });

export const notificationPageSchema = pageOf(notificationSchema);
