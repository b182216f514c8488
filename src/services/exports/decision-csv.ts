// The decision log as CSV (RFC 4180, by csv-stringify): one row per decision. Spreadsheet programs run a
// cell that starts with = + - @ (or a tab or carriage return) as a formula, so such text cells are written
// with a leading apostrophe (OWASP's advice on CSV injection); numbers are left as numbers.
import { stringify } from 'csv-stringify/sync';
import { onBehalfLine, type DecisionRecord, type OnBehalfVote, type OrganisationVote } from './decision-records.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function organisationsCell(organisations: readonly OrganisationVote[]): string {
  return organisations.map((organisation) => `${organisation.organisation}: ${organisation.vote}${organisation.votedBy ? ` (${organisation.votedBy})` : ''}`).join('; ');
}

function onBehalfCell(votes: readonly OnBehalfVote[]): string {
  return votes
    .map(onBehalfLine)
    .join('; ');
}

export const DECISION_CSV_COLUMNS = [
  'Number',
  'Date',
  'Group',
  'Title',
  'Motion',
  'Outcome',
  'For',
  'Against',
  'Abstain',
  'Present',
  'Quorum required',
  'Quorate',
  'Casting vote',
  'Votes by organisation',
  'Declarations of interest',
  'Corrects decision',
  'Corrected by decision',
  'Correction',
  'Votes recorded on behalf',
  'Proposed by',
] as const;

function row(record: DecisionRecord): (string | number)[] {
  const text = (value: string | null) => guardCell(value ?? '');
  return [
    record.number,
    record.date,
    text(record.groupName),
    text(record.title),
    text(record.motion),
    text(record.outcome),
    record.forCount,
    record.againstCount,
    record.abstainCount,
    record.presentCount,
    record.quorumRequired,
    record.quorate ? 'Yes' : 'No',
    text(record.castingVote),
    text(organisationsCell(record.organisations)),
    text(record.declarations.join('; ')),
    record.corrects ?? '',
    record.correctedBy ?? '',
    text(record.correctionReason ? `${record.correctionReason}${record.correctionRecordedBy ? ` (recorded by ${record.correctionRecordedBy})` : ''}` : null),
    text(onBehalfCell(record.onBehalf)),
    text(record.proposedBy),
  ];
}

/** With a byte-order mark, so Excel opens the UTF-8 (names, £, dashes) as UTF-8. */
export function decisionsCsv(records: readonly DecisionRecord[]): string {
  return `\uFEFF${stringify([[...DECISION_CSV_COLUMNS], ...records.map(row)], { record_delimiter: 'windows' })}`;
}
