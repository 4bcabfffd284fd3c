/**
 * Prints every workflow the engine serves as a Mermaid state diagram, in Markdown, one fenced
 * block per workflow version: `npm run diagram > docs/workflows.md` renders on any Markdown viewer
 * that knows Mermaid.
 */
import { toMermaid } from '../workflows/diagram.js';
import { WORKFLOWS } from '../workflows/registry.js';

const sections = WORKFLOWS.map(
  (def) => `## ${def.name} v${def.version}: ${def.title}\n\n\`\`\`mermaid\n${toMermaid(def.machine)}\`\`\`\n`,
);
process.stdout.write(`# Workflows\n\n${sections.join('\n')}`);
