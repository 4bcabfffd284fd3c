import { describe, expect, it } from '@jest/globals';
import { setup } from 'xstate';
import { administrativeMachine } from './administrative.machine.js';
import { TAKEN_MARK, toMermaid } from './diagram.js';
import { EVENT_CATALOGUE, type EventType } from './events.js';
import { describeStates } from './introspect.js';
import { WORKFLOWS } from './registry.js';

const STATES = describeStates(administrativeMachine);
const mermaidId = (id: string) => id.split('.').join('__');

/** Lines of the diagram, trimmed, without the header. */
function statements(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .slice(1);
}

const EDGE = /^(\S+) --> (\S+)(?: : (.+))?$/;

/** The edges of a diagram as `source --> target : label`. */
function edges(text: string): { source: string; target: string; label: string }[] {
  return statements(text).flatMap((line) => {
    const m = EDGE.exec(line);
    return m ? [{ source: m[1], target: m[2], label: m[3] ?? '' }] : [];
  });
}

describe('toMermaid', () => {
  const text = toMermaid(administrativeMachine);

  it('writes a stateDiagram-v2 that starts in the initial state', () => {
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(statements(text)[0]).toBe('[*] --> clue');
  });

  it('declares every state of the machine, nested states inside their compound block', () => {
    for (const state of STATES)
      expect(text).toMatch(new RegExp(`^\\s*(state "[^"]+" as |state )?${mermaidId(state.id)}( \\{)?$`, 'm'));
    const lines = text.split('\n');
    const open = lines.findIndex((l) => l.trim() === 'state litigation {');
    const close = lines.findIndex((l, i) => i > open && l === '  }');
    expect(open).toBeGreaterThan(0);
    const block = lines.slice(open + 1, close).join('\n');
    expect(block).toContain('[*] --> litigation__filed');
    for (const child of ['filed', 'first_instance', 'appeal_window', 'second_instance', 'judgment_effective'])
      expect(block).toContain(`state "${child}" as litigation__${child}`);
    expect(block).not.toMatch(/--> closed/);
  });

  it('labels transitions with the event and its catalogue label, and shows guards in brackets', () => {
    const labelled = edges(text);
    expect(labelled).toContainEqual({ source: 'clue', target: 'investigation', label: 'FILE_CASE 立案' });
    expect(labelled).toContainEqual({
      source: 'follow_up',
      target: 'litigation',
      label: 'FILE_LAWSUIT 提起诉讼 [rectificationPeriodEnded]',
    });
    expect(labelled).toContainEqual({
      source: 'litigation__first_instance',
      target: 'closed',
      label: 'WITHDRAW_LAWSUIT 撤回起诉 [withdrawalGroundIsClaimsRealised]',
    });
  });

  it('shows self-transitions as loops', () => {
    const labelled = edges(text);
    expect(labelled).toContainEqual({
      source: 'investigation',
      target: 'investigation',
      label: 'SERVE_FILING_DECISION 送达立案决定书',
    });
    expect(labelled).toContainEqual({
      source: 'litigation__judgment_effective',
      target: 'litigation__judgment_effective',
      label: 'ISSUE_ENFORCEMENT_RECOMMENDATION 执行检察建议',
    });
  });

  it('mentions every event the machine accepts, with its label', () => {
    const used = new Set(STATES.flatMap((s) => s.transitions.map((t) => t.event)));
    for (const type of used) expect(text).toContain(`${type} ${EVENT_CATALOGUE[type].label}`);
  });

  it('draws one edge per declared transition, and lists the events every state accepts once, in a note', () => {
    const declared = new Set<string>();
    for (const state of STATES.filter((s) => s.atomic))
      for (const t of state.transitions)
        if (t.target !== null) declared.add(`${state.id} ${t.event} ${t.target}`);
    expect(text).toMatch(
      /^ {2}note right of clue : Every state also accepts FILE_WITH_UPPER 报上一级院备案, ADD_NOTE 备注$/m,
    );
    expect(text).not.toMatch(/--> \S+ : (ADD_NOTE|FILE_WITH_UPPER)/);
    const eventOf = (label: string) => label.split(' ')[0] as EventType;
    const drawn = edges(text).filter((e) => e.source !== '[*]');
    // Each drawn edge with a different target is a declared transition (compound targets land in their initial child).
    for (const e of drawn.filter((d) => d.source !== d.target)) {
      const to = e.target === 'litigation' ? 'litigation.filed' : e.target.split('__').join('.');
      expect(declared).toContain(`${e.source.split('__').join('.')} ${eventOf(e.label)} ${to}`);
    }
    expect(drawn.filter((d) => d.source !== d.target)).toHaveLength(declared.size);
  });

  it('is deterministic and has no highlight without options', () => {
    expect(toMermaid(administrativeMachine)).toBe(text);
    expect(text).not.toContain('classDef');
    expect(text).not.toContain(TAKEN_MARK);
  });

  it('uses only statements a stateDiagram-v2 understands, with balanced blocks', () => {
    let depth = 0;
    for (const line of statements(text)) {
      if (line === '}') depth -= 1;
      else if (/^state \S+ \{$/.test(line)) depth += 1;
      else
        expect(line).toMatch(
          /^(\[\*\] --> \S+|\S+ --> \S+ : [^:;\n]+|\S+ --> \[\*\]|state "[^"]+" as \w+|\w+|note right of \w+ : [^:;\n]+|classDef \w+ [^;\n]+|class [\w,]+ \w+)$/,
        );
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it('renders every registered workflow', () => {
    for (const def of WORKFLOWS) expect(toMermaid(def.machine)).toMatch(/^stateDiagram-v2\n/);
  });
});

describe('toMermaid highlighting', () => {
  const highlighted = toMermaid(administrativeMachine, {
    highlight: {
      current: 'litigation.first_instance',
      visited: ['clue', 'investigation', 'follow_up', 'litigation.filed', 'litigation.first_instance'],
      takenTransitions: [
        { from: 'clue', event: 'FILE_CASE', to: 'investigation' },
        { from: 'investigation', event: 'SERVE_FILING_DECISION', to: 'investigation' },
        { from: 'follow_up', event: 'FILE_LAWSUIT', to: 'litigation.filed' },
        { from: 'litigation.filed', event: 'RECORD_COURT_ACCEPTANCE', to: 'litigation.first_instance' },
      ],
    },
  });

  it('styles the current state and the visited ones with their own classes', () => {
    expect(highlighted).toMatch(/^ {2}classDef current .*fill:/m);
    expect(highlighted).toMatch(/^ {2}classDef visited .*fill:/m);
    expect(highlighted).toContain('  class litigation__first_instance current\n');
    // The current state is not also styled as visited.
    expect(highlighted).toContain('  class clue,investigation,follow_up,litigation__filed visited\n');
  });

  it('marks exactly the transitions taken', () => {
    const marked = edges(highlighted).filter((e) => e.label.startsWith(TAKEN_MARK));
    expect(marked.map((e) => `${e.source} -> ${e.target}: ${e.label}`).sort()).toEqual(
      [
        `clue -> investigation: ${TAKEN_MARK} FILE_CASE 立案`,
        `follow_up -> litigation: ${TAKEN_MARK} FILE_LAWSUIT 提起诉讼 [rectificationPeriodEnded]`,
        `investigation -> investigation: ${TAKEN_MARK} SERVE_FILING_DECISION 送达立案决定书`,
        `litigation__filed -> litigation__first_instance: ${TAKEN_MARK} RECORD_COURT_ACCEPTANCE 法院受理`,
      ].sort(),
    );
  });

  it('changes nothing but the marks and class statements', () => {
    const plain = toMermaid(administrativeMachine);
    const stripped = highlighted
      .split('\n')
      .filter((l) => !/^ {2}class(Def)? /.test(l))
      .join('\n')
      .replaceAll(`${TAKEN_MARK} `, '');
    expect(stripped).toBe(plain);
  });

  it('only styles the current state when nothing else is given', () => {
    const text = toMermaid(administrativeMachine, { highlight: { current: 'clue' } });
    expect(text).toContain('  class clue current\n');
    expect(text).not.toContain('classDef visited');
  });

  it('refuses a state the machine does not have', () => {
    expect(() => toMermaid(administrativeMachine, { highlight: { current: 'nowhere' } })).toThrow(/nowhere/);
  });
});

describe('toMermaid on other shapes', () => {
  const m = setup({
    types: { events: {} as { type: 'GO' } | { type: 'BACK' } | { type: 'DONE' } },
    guards: { ready: () => true },
  }).createMachine({
    id: 'shapes',
    initial: 'a',
    states: {
      a: { on: { GO: { target: 'b', guard: 'ready' } } },
      b: {
        initial: 'inner',
        on: { BACK: 'a' },
        states: {
          inner: {
            initial: 'deep',
            states: { deep: { on: { DONE: '#shapes.finished' } } },
          },
        },
      },
      finished: { type: 'final' },
    },
  });
  const text = toMermaid(m);

  it('nests compound states at any depth, labels unknown events by name, and ends final states', () => {
    expect(text).toContain('state b {');
    expect(text).toContain('    state "inner" as b__inner\n    state b__inner {');
    expect(text).toContain('      [*] --> b__inner__deep');
    expect(text).toContain('  a --> b : GO [ready]');
    expect(text).toContain('  b --> a : BACK');
    expect(text).toContain('  b__inner__deep --> finished : DONE');
    expect(text).toContain('  finished --> [*]');
    expect(text).not.toContain('note');
  });
});
