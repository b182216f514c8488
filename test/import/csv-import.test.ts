import { describe, expect, it } from 'vitest';
import { ACTION_COLUMNS, readCsvImport, type CsvKind } from '../../src/import/csv-imports.ts';
import { readCsvTable } from '../../src/import/csv-table.ts';
import type { PartnershipState } from '../../src/import/partnership-state.ts';
import { ProblemList } from '../../src/import/problems.ts';
import { demoState, problemLines } from './helpers.ts';

const NOW = new Date('2011-01-10T12:00:00Z');
const plan = (kind: CsvKind, text: string, state: PartnershipState = demoState(), fileName = `${kind}.csv`) =>
  readCsvImport(kind, text, fileName, NOW).plan(state);

describe('reading a CSV table', () => {
  it('accepts common header variants in any case and keeps each row’s line', () => {
    const text = 'Action Ref,Action,Lead Agency,Responsible Officer,Due Date,RAG,% Complete\n' +
      'A1,"Two\nlines",Norfolk Constabulary,Daniel Reeve,31/03/2011,Green,50%\n\n' +
      'A2,Second,,,,,\n';
    const problems = new ProblemList();
    const table = readCsvTable(text, ACTION_COLUMNS, problems)!;
    expect(problems.count).toBe(0);
    expect(table.rows.map((row) => row.line)).toEqual([2, 5]);
    expect(table.rows[0]!.cells).toEqual({
      ref: 'A1', title: 'Two\nlines', lead: 'Norfolk Constabulary', owner: 'Daniel Reeve', due: '31/03/2011', status: 'Green', progress: '50%',
    });
    expect(table.place(table.rows[1]!, 'due')).toBe('line 5, column "Due Date"');
  });

  it('names columns it does not understand, a missing required column and two columns meaning the same', () => {
    const problems = new ProblemList();
    expect(readCsvTable('Title,Dew date,Due,Deadline\nx,y,z,w\n', ACTION_COLUMNS, problems)).toBeUndefined();
    expect(problems.problems).toEqual([
      { place: 'line 1, column "Dew date"', message: expect.stringContaining('is not a column this import understands; the columns are: ref, title,') },
      { place: 'line 1, column "Deadline"', message: 'means the same as column "Due"; keep only one of them' },
      { place: 'line 1', message: 'the file has no "ref" column (the first row has "Title", "Dew date", "Due", "Deadline")' },
    ]);
  });

  it('reports a CSV that cannot be parsed', () => {
    const lines = problemLines(() => plan('actions', 'ref,title\nA1,"unclosed\n'));
    expect(lines[1]).toMatch(/^actions\.csv: line \d+: the file cannot be read as CSV: /);
  });
});

describe('importing actions from a spreadsheet', () => {
  it('updates a known action from the columns the file has', () => {
    const state = demoState();
    const changes = plan('actions', 'Ref,Due date,Status,Progress\nAC-02,30/06/2011,at risk,40\n', state);
    const before = state.actions.find((action) => action.ref === 'AC-02')!;
    expect(changes.actions.update).toEqual([{ ...before, dueDate: '2011-06-30', status: 'AT_RISK', progress: 40 }]);
    expect(changes.actions.create).toEqual([]);
  });

  it('adds a new action, finding its priority, lead, owner and group by name or email', () => {
    const text = [
      'Ref,Title,Priority,Lead,Owner,Group,Due date,Status,Progress',
      'NEW-1,Extra patrols in the city centre,Reduce the level of anti-social behaviour,Norfolk Constabulary,ian.brookes@example.org,Partnership Operations Group (POG),1 March 2011,,',
    ].join('\n');
    const state = demoState();
    const changes = plan('actions', text, state);
    expect(changes.actions.update).toEqual([]);
    expect(changes.actions.create).toMatchObject([{
      ref: 'NEW-1',
      title: 'Extra patrols in the city centre',
      priorityId: state.priorities.find((p) => p.key === 'anti-social-behaviour')!.id,
      planId: state.plans[0]!.id,
      leadOrganisationId: state.organisations.find((o) => o.key === 'norfolk-constabulary')!.id,
      ownerId: state.people.find((p) => p.key === 'ian-brookes')!.id,
      groupId: state.groups.find((g) => g.key === 'pog')!.id,
      dueDate: '2011-03-01',
      status: 'NOT_STARTED',
      progress: 0,
    }]);
  });

  it('clears a value whose cell is empty and leaves alone the columns the file does not have', () => {
    const state = demoState();
    const changes = plan('actions', 'ref,owner\nAC-02,\n', state);
    const before = state.actions.find((action) => action.ref === 'AC-02')!;
    expect(before.ownerId).not.toBeNull();
    expect(changes.actions.update).toEqual([{ ...before, ownerId: null }]);
  });

  it('writes nothing and names the line and column of each bad cell', () => {
    const text = [
      'ref,title,owner,due,progress',
      'AC-01,,,31/03/2011,10',
      'NEW-2,New thing,Nobody Known,31/13/2011,10',
      ',Missing ref,,,',
      'NEW-3,,,,',
      'AC-03,,,,150',
      'AC-01,,,,',
    ].join('\n');
    expect(problemLines(() => plan('actions', text)).slice(1)).toEqual([
      'actions.csv: line 3, column "owner": no person called "Nobody Known" in this partnership (give their key or name as the partnership file has it)',
      'actions.csv: line 3, column "due": expected a date like 2011-03-31 or 31/03/2011 (day/month/year), got "31/13/2011"',
      'actions.csv: line 4, column "ref": is empty: every action needs a ref',
      'actions.csv: line 5, column "title": action "NEW-3" is new, so it needs a title',
      'actions.csv: line 6, column "progress": expected progress as a whole number from 0 to 100, got "150"',
      'actions.csv: line 7, column "ref": action ref "AC-01" appears more than once; each must be listed once',
    ]);
  });

  it('asks for the key when a name matches more than one person', () => {
    const state = demoState();
    state.people.push({ ...state.people[0]!, id: '00000000-0000-4000-8000-000000000001', key: 'helen-marsh-2' });
    expect(problemLines(() => plan('actions', 'ref,owner\nAC-01,helen marsh\n', state)).slice(1)).toEqual([
      'actions.csv: line 2, column "owner": "helen marsh" matches 2 persons ("helen-marsh", "helen-marsh-2"); give the key instead',
    ]);
  });
});

describe('importing indicator readings from a spreadsheet', () => {
  it('adds readings by indicator code or name and period as people write them', () => {
    const text = 'Indicator,Period,Value\nNI21,2010/11 Q1,29.5%\nAll crime Norwich,April 2010,"1,301"\n';
    const state = demoState();
    const changes = plan('readings', text, state);
    const indicatorId = (code: string) => state.indicators.find((i) => i.code === code)!.id;
    expect(changes.readings.create).toMatchObject([
      { indicatorId: indicatorId('NI 21'), period: '2010-Q1', periodStart: '2010-04-01', periodEnd: '2010-06-30', value: 29.5, source: 'IMPORT' },
      { indicatorId: indicatorId('ALL CRIME'), period: '2010-04', value: 1301 },
    ]);
    expect(changes.readingRevisions.create).toHaveLength(2);
    expect(changes.indicators.update).toEqual([]);
  });

  it('names the line and column of an unknown indicator, a bad period, a bad value and a repeated period', () => {
    const text = 'indicator,period,value\nNI 99,2010-04,1\nNI 21,Q1 2010,1\nNI 21,2010-05,\nNI 21,2010-06,lots\nNI 21,2010-07,1\nNI 21,Jul 2010,2\n';
    expect(problemLines(() => plan('readings', text)).slice(1)).toEqual([
      'readings.csv: line 2, column "indicator": no indicator called "NI 99" in this partnership (give their key or name as the partnership file has it)',
      'readings.csv: line 3, column "period": "Q1 2010" could mean a calendar or a financial quarter: write 2010/11 Q1 for the financial year\'s quarter 1, or the month range it covers',
      'readings.csv: line 4, column "value": is empty: a reading needs a value',
      'readings.csv: line 5, column "value": expected a number like 35.2, got "lots"',
      'readings.csv: line 7, column "period": reading period "2010-07" appears more than once; each must be listed once',
    ]);
  });
});

describe('importing action update history from a spreadsheet', () => {
  const history = [
    'Action,Date,Status,Progress,Done,Next steps,Blockers,Updated by',
    'AC-02,01/06/2010,on track,20,Briefed SNT officers,Hot-spot patrols,,Daniel Reeve',
    'AC-02,01/09/2010,,35,Patrols running,,Overtime budget,daniel-reeve',
    'ac-03,2010-07-15,at risk,,,,Licensing delays,',
  ].join('\n');

  it('adds each row to the action’s history with an import key, carrying status and progress forward', () => {
    const state = demoState();
    const changes = plan('updates', history, state);
    const actionId = (ref: string) => state.actions.find((a) => a.ref === ref)!.id;
    const reeve = state.people.find((p) => p.key === 'daniel-reeve')!.id;
    expect(changes.actionUpdates.create).toMatchObject([
      { actionId: actionId('AC-02'), createdAt: new Date('2010-05-31T23:00:00Z'), status: 'ON_TRACK', progress: 20, done: 'Briefed SNT officers', nextSteps: 'Hot-spot patrols', blockers: null, authorId: reeve, source: 'IMPORT', importKey: expect.stringMatching(/^csv:[0-9a-f]{24}$/) },
      { actionId: actionId('AC-02'), createdAt: new Date('2010-08-31T23:00:00Z'), status: 'ON_TRACK', progress: 35, blockers: 'Overtime budget', authorId: reeve },
      { actionId: actionId('AC-03'), status: 'AT_RISK', progress: 0, authorId: null },
    ]);
    expect(changes.actions.update).toMatchObject([
      { ref: 'AC-02', status: 'ON_TRACK', progress: 35, lastUpdateAt: new Date('2010-08-31T23:00:00Z') },
      { ref: 'AC-03', status: 'AT_RISK', progress: 0, lastUpdateAt: new Date('2010-07-14T23:00:00Z') },
    ]);
  });

  it('gives the same row the same import key, whichever date format it uses', () => {
    const first = plan('updates', 'ref,date,done\nAC-02,2010-06-01,Briefed\n').actionUpdates.create[0]!.importKey;
    const second = plan('updates', 'ref,date,done\nAC-02,01/06/2010,Briefed\n').actionUpdates.create[0]!.importKey;
    const different = plan('updates', 'ref,date,done\nAC-02,01/06/2010,Briefed again\n').actionUpdates.create[0]!.importKey;
    expect(second).toBe(first);
    expect(different).not.toBe(first);
  });

  it('names the line and column of an unknown action, a missing date and a date in the future', () => {
    const text = 'ref,date,status\nZZ-9,01/06/2010,\nAC-02,,\nAC-02,01/06/2031,\nAC-02,01/06/2010,stalled\n';
    expect(problemLines(() => plan('updates', text)).slice(1)).toEqual([
      'updates.csv: line 2, column "ref": no action with ref "ZZ-9" in partnership "safer-norwich"',
      'updates.csv: line 3, column "date": is empty: every update needs a date',
      'updates.csv: line 4, column "date": "01/06/2031" is in the future',
      'updates.csv: line 5, column "status": expected an action status (not-started, on-track, at-risk, off-track, complete, cancelled), got "stalled"',
    ]);
  });
});
