/**
 * Prints every workflow the engine serves as a Mermaid state diagram, in Markdown, one fenced
 * block per workflow version: `npm run diagram > docs/workflows.md` renders on any Markdown viewer
 * that knows Mermaid.
 */
import { workflowsMarkdown } from '../workflows/diagram-document.js';
import { WORKFLOWS } from '../workflows/registry.js';

process.stdout.write(`# Workflows\n\n${workflowsMarkdown(WORKFLOWS, 2)}`);
