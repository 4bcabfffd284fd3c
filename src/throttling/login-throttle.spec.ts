import { describe, expect, it } from '@jest/globals';
import { loginDelaySeconds } from './login-throttle.js';

describe('loginDelaySeconds', () => {
  it('gives the first failures free, then doubles up to the cap', () => {
    expect([0, 1, 2, 3].map((f) => loginDelaySeconds(f, 3, 300))).toEqual([0, 0, 0, 0]);
    expect([4, 5, 6, 7, 12].map((f) => loginDelaySeconds(f, 3, 300))).toEqual([1, 2, 4, 8, 256]);
    expect(loginDelaySeconds(13, 3, 300)).toBe(300);
    expect(loginDelaySeconds(10_000, 3, 300)).toBe(300);
  });
});
