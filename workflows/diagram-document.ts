import type { WorkflowDefinition } from './definition.js';
import { toMermaid } from './diagram.js';

/** Markdown with one Mermaid block per workflow, generated from the machine definitions. */
export function workflowsMarkdown(workflows: readonly WorkflowDefinition[], headingLevel = 3): string {
  const hashes = '#'.repeat(headingLevel);
  return workflows
    .map(
      (def) =>
        `${hashes} ${def.title}: \`${def.name}\` v${def.version}\n\n\`\`\`mermaid\n${toMermaid(def.machine)}\`\`\`\n`,
    )
    .join('\n');
}
