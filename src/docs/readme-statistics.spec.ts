import { describe, expect, it } from '@jest/globals';
import { METRICS } from '../statistics/metrics/catalogue.js';
import { generatedStatisticsSection, readmeStatisticsSection } from './readme-statistics.js';

describe('README statistics section', () => {
  it('lists every metric with its definition, as the catalogue has it (run `npm run readme:statistics` after a change)', () => {
    expect(readmeStatisticsSection()).toBe(generatedStatisticsSection());
    for (const m of METRICS) expect(generatedStatisticsSection()).toContain(m.definition.zh);
  });
});
