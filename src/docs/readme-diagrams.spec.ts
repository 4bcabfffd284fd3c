import { describe, expect, it } from '@jest/globals';
import { generatedDiagramSection, readmeDiagramSection } from './readme-diagrams.js';

describe('README workflow diagrams', () => {
  it('are exactly what the machine definitions generate (run `npm run readme:diagrams` after a change)', () => {
    expect(readmeDiagramSection()).toBe(generatedDiagramSection());
  });

  it('show all three tracks', () => {
    for (const name of ['administrative', 'civil', 'criminal_incidental']) {
      expect(generatedDiagramSection()).toContain(`\`${name}\``);
    }
  });
});
