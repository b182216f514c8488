import { describe, expect, it } from 'vitest';
import { readPartnershipText, writePartnershipText } from '../../src/import/file-format.ts';
import { stateToData } from '../../src/import/state-to-data.ts';
import { demoState, demoText, planText, problemLines, stateAfter } from './helpers.ts';

const minimal = (body = '') => `
partnership:
  slug: test-csp
  name: Test CSP
  quorum: 2
organisations:
  - { key: police, name: Test Police, kind: police, statutory: true }
  - { key: council, name: Test Council, kind: local-authority, statutory: true }
people:
  - { key: pat, name: Pat Example, email: pat@example.org, organisation: police }
${body}`;

describe('reading a partnership file', () => {
  it('names the file, the path, the line and what is wrong, for every problem at once', () => {
    const text = minimal(`
plans:
  - key: p1
    title: Plan
    periodStart: 2010-04-01
    periodEnd: 2011-03-31
actions:
  - { ref: A1, title: First }
  - { ref: A2, title: Second }
  - { ref: A3, title: Third }
  - ref: A4
    title: Fourth
    dueDate: 31/13/2011
    status: finished
    progres: 10
`).replace('quorum: 2', 'quorum: 0').replace('kind: police,', 'kind: cops,');
    const lines = problemLines(() => readPartnershipText(text, 'norwich.yaml'));
    expect(lines[0]).toBe('Nothing was imported: norwich.yaml has 5 problems.');
    expect(lines.slice(1)).toEqual([
      'norwich.yaml: partnership.quorum (line 5): must be at least 1, got 0',
      'norwich.yaml: organisations[0].kind (line 7): expected an organisation kind (police, local-authority, fire, health, probation, other), got "cops"',
      'norwich.yaml: actions[3].dueDate (line 23): expected a date like 2011-03-31 or 31/03/2011 (day/month/year), got "31/13/2011"',
      'norwich.yaml: actions[3].status (line 24): expected an action status (not-started, on-track, at-risk, off-track, complete, cancelled), got "finished"',
      'norwich.yaml: actions[3].progres (line 25): is not a field this file format has (check the spelling)',
    ]);
  });

  it('reports a missing field at the record that lacks it', () => {
    const lines = problemLines(() => readPartnershipText(minimal('actions:\n  - ref: A1\n'), 'plan.yaml'));
    expect(lines.slice(1)).toEqual(['plan.yaml: actions[0].title (line 12): is required']);
  });

  it('reports YAML that cannot be parsed with its line', () => {
    const lines = problemLines(() => readPartnershipText('partnership:\n  slug: x\n  name: [unclosed\nactions: 3\n', 'bad.yaml'));
    expect(lines[1]).toMatch(/^bad\.yaml: line \d+, column \d+: the file cannot be read: /);
  });

  it('reads JSON with the same schema and positions', () => {
    const json = JSON.stringify({ partnership: { slug: 'json-csp', name: 'JSON CSP', quorum: 1, timeZone: 'Mars/Olympus' } }, null, 2);
    expect(problemLines(() => readPartnershipText(json, 'p.json')).slice(1)).toEqual([
      'p.json: partnership.timeZone (line 6): expected an IANA time zone like Europe/London, got "Mars/Olympus"',
    ]);
  });

  it('lists at most 20 problems and counts the rest', () => {
    const actions = Array.from({ length: 30 }, (_, i) => `  - { ref: A${i}, title: T, dueDate: "32/01/2011" }`).join('\n');
    const lines = problemLines(() => readPartnershipText(minimal(`actions:\n${actions}`), 'big.yaml'));
    expect(lines[0]).toBe('Nothing was imported: big.yaml has 30 problems.');
    expect(lines).toHaveLength(22);
    expect(lines[21]).toBe('… and 10 more; fix these and import again to see the rest.');
  });
});

describe('checking references between records', () => {
  it('names unknown keys where they are used, with a likely spelling', () => {
    const text = minimal(`
groups:
  - { key: board, name: Board, kind: strategy-board }
memberships:
  - { group: board, person: pat, role: chair }
  - { group: bored, person: pat, role: member }
actions:
  - { ref: A1, title: First, owner: Pat, leadOrganisation: fire, group: board }
`);
    expect(problemLines(() => planText(text, 'test.yaml')).slice(1)).toEqual([
      'test.yaml: memberships[1].group (line 16): no group with key "bored" in this file or in partnership "test-csp"',
      'test.yaml: actions[0].leadOrganisation (line 18): no organisation with key "fire" in this file or in partnership "test-csp"',
      'test.yaml: actions[0].owner (line 18): no person with key "Pat" in this file or in partnership "test-csp" (did you mean "pat"?)',
    ]);
  });

  it('refuses duplicate keys, a quorum larger than the statutory partners and a representative of no organisation', () => {
    const text = minimal(`
  - { key: pat, name: Pat Again }
  - { key: lee, name: Lee Example }
groups:
  - { key: board, name: Board, kind: strategy-board }
memberships:
  - { group: board, person: lee, role: representative }
`).replace('quorum: 2', 'quorum: 3');
    expect(problemLines(() => planText(text, 'test.yaml')).slice(1)).toEqual([
      'test.yaml: people[1].key (line 12): person key "pat" appears more than once; each must be listed once',
      'test.yaml: memberships[0].organisation (line 17): a representative stands for an organisation: give one here or give "lee" an organisation',
      'test.yaml: partnership.quorum (line 5): is 3, more than the 2 statutory partners, so no meeting could ever be quorate',
    ]);
  });

  it('refuses a group that ends up inside itself', () => {
    const text = minimal(`
groups:
  - { key: a, name: A, kind: thematic-group, parent: b }
  - { key: b, name: B, kind: thematic-group, parent: a }
`);
    expect(problemLines(() => planText(text, 't.yaml')).slice(1)).toEqual([
      't.yaml: groups[0].parent (line 13): makes a loop: group "a" ends up inside itself',
      't.yaml: groups[1].parent (line 14): makes a loop: group "b" ends up inside itself',
    ]);
  });

  it('needs the plan named when a priority could belong to more than one plan', () => {
    const text = minimal(`
plans:
  - { key: p1, title: One, periodStart: 2010-04-01, periodEnd: 2011-03-31, priorities: [{ key: asb, title: ASB }] }
  - { key: p2, title: Two, periodStart: 2011-04-01, periodEnd: 2012-03-31, priorities: [{ key: asb, title: ASB }] }
actions:
  - { ref: A1, title: First, priority: asb }
  - { ref: A2, title: Second, plan: p2, priority: asb }
  - { ref: A3, title: Third, plan: p1, priority: crime }
`);
    expect(problemLines(() => planText(text, 't.yaml')).slice(1)).toEqual([
      't.yaml: actions[0].priority (line 16): partnership "test-csp" has 2 plans: say which plan priority "asb" belongs to in "plan"',
      't.yaml: actions[2].priority (line 18): no priority with key "crime" in plan "p1"',
    ]);
  });
});

describe('planning an import against what the database holds', () => {
  it('changes nothing when the same file is planned against the partnership it produced', () => {
    const first = planText(demoText());
    const again = planText(demoText(), 'norwich.yaml', stateAfter(first));
    expect(again.partnership).toMatchObject({ create: false, update: false });
    for (const [table, rows] of Object.entries(again)) {
      if (table === 'partnership') continue;
      for (const list of Object.values(rows as Record<string, unknown[]>)) expect(list, table).toEqual([]);
    }
  });

  it('updates only what differs, and leaves out fields alone', () => {
    const state = demoState();
    const text = `
partnership: { slug: safer-norwich, name: Safer Norwich Partnership, quorum: 5 }
actions:
  - { ref: AC-02, title: Criminal damage to vehicles, dueDate: 30/06/2011 }
`;
    const changes = planText(text, 'n.yaml', state);
    expect(changes.partnership).toMatchObject({ create: false, update: true, row: { quorum: 5, timeZone: 'Europe/London', chairHasCastingVote: true } });
    expect(changes.actions.create).toEqual([]);
    const before = state.actions.find((action) => action.ref === 'AC-02')!;
    expect(changes.actions.update).toEqual([{ ...before, dueDate: '2011-06-30' }]);
  });

  it('adds a revision when a reading changes and nothing when it is the same', () => {
    const state = demoState();
    const withReading = (value: number) => `
partnership: { slug: safer-norwich, name: Safer Norwich Partnership, quorum: 4 }
indicators:
  - { code: NI 21, name: Dealing with local concerns, unit: percent, polarity: higher-is-better, readings: [{ period: 2010-Q1, value: ${value} }] }
`;
    const first = planText(withReading(30.5), 'r.yaml', state);
    expect(first.readings.create).toMatchObject([{ period: '2010-Q1', periodStart: '2010-04-01', periodEnd: '2010-06-30', value: 30.5, source: 'IMPORT' }]);
    expect(first.readingRevisions.create).toMatchObject([{ value: 30.5, previousValue: null }]);

    const stateWithReading = { ...state, readings: first.readings.create, indicators: state.indicators.map((i) => first.indicators.update.find((u) => u.id === i.id) ?? i) };
    const same = planText(withReading(30.5), 'r.yaml', stateWithReading);
    expect(same.readings.update).toEqual([]);
    expect(same.readingRevisions.create).toEqual([]);
    const changed = planText(withReading(31), 'r.yaml', stateWithReading);
    expect(changed.readings.update).toMatchObject([{ id: first.readings.create[0]!.id, value: 31 }]);
    expect(changed.readingRevisions.create).toMatchObject([{ readingId: first.readings.create[0]!.id, value: 31, previousValue: 30.5 }]);
  });
});

describe('writing a partnership file', () => {
  it('writes back what it reads: importing an exported file and exporting again gives the same file', () => {
    for (const format of ['yaml', 'json'] as const) {
      const exported = writePartnershipText(stateToData(demoState()), format);
      const reimported = stateAfter(planText(exported, `export.${format}`));
      expect(writePartnershipText(stateToData(reimported), format)).toBe(exported);
    }
  });

  it('writes the words people use and keeps "to be established" targets', () => {
    const text = writePartnershipText(stateToData(demoState()), 'yaml');
    expect(text).toContain('majorityRule: simple');
    expect(text).toContain('kind: local-authority');
    expect(text).toMatch(/- period: 2010\/11\n\s+value: null/);
    expect(text).toContain('polarity: higher-is-better');
  });
});
