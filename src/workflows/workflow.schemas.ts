import { z } from 'zod';
import { EVENT_TYPES } from '../../workflows/events.js';
import { ROLES, TRACKS } from '../../workflows/roles.js';

/** `GET /api/workflows/:name/:version/diagram`: the version number in the path. */
export const workflowVersionSchema = z.coerce.number().int().min(1).max(1_000_000);

/** A served workflow version: its states, what each accepts, and who may send each event. */
export const workflowInfoSchema = z
  .strictObject({
    name: z.string(),
    version: z.number().int(),
    track: z.enum(TRACKS),
    title: z.string(),
    changes: z.string().optional().describe('what changed from the previous version'),
    initial: z.string(),
    current: z.boolean().describe('new cases of the track start with this version'),
    states: z.array(
      z.strictObject({
        id: z.string().describe('dotted path, e.g. `litigation.first_instance`'),
        atomic: z.boolean(),
        initial: z.boolean(),
        transitions: z.array(
          z.strictObject({
            event: z.enum(EVENT_TYPES),
            target: z.string().nullable().describe('null: the state stays'),
            guard: z.string().nullable(),
          }),
        ),
      }),
    ),
    events: z.array(
      z.strictObject({ type: z.enum(EVENT_TYPES), label: z.string(), roles: z.array(z.enum(ROLES)) }),
    ),
  })
  .meta({ id: 'Workflow' });

export const workflowListSchema = z.strictObject({ items: z.array(workflowInfoSchema) });

/** Mermaid `stateDiagram-v2` source, for `Accept: text/plain`. */
export const mermaidTextSchema = z.string().describe('Mermaid stateDiagram-v2 source');

export const workflowDiagramSchema = z
  .strictObject({
    name: z.string(),
    version: z.number().int(),
    title: z.string(),
    mermaid: z.string(),
  })
  .meta({ id: 'WorkflowDiagram' });
