/** Where deadline code takes "now" from, so tests control time (never `new Date()` inline). */
export interface TimeSource {
  now(): Date;
}

export const TIME_SOURCE = Symbol('TIME_SOURCE');

export const systemTime: TimeSource = { now: () => new Date() };
