/** DI tokens of the deadlines module. */
export const ESCALATION_POLICY = Symbol('ESCALATION_POLICY');
export const HOLIDAY_CALENDAR = Symbol('HOLIDAY_CALENDAR');
export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');
