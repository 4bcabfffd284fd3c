/** Regenerates the list of statistics and their definitions in README.md from the metric catalogue. */
import { updateReadmeStatistics } from '../src/docs/readme-statistics.js';

process.stdout.write(
  updateReadmeStatistics() ? 'README.md statistics updated\n' : 'README.md statistics already current\n',
);
