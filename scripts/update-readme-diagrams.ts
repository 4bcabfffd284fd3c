/** Regenerates the workflow diagrams in README.md from the machine definitions. */
import { updateReadmeDiagrams } from '../src/docs/readme-diagrams.js';

process.stdout.write(
  updateReadmeDiagrams() ? 'README.md diagrams updated\n' : 'README.md diagrams already current\n',
);
