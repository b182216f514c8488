// The decision log as exported: one record per decision with everything a board files with its minutes
// (tally by organisation, quorum, declarations, casting vote, corrections, votes recorded on behalf), read
// from the decision rows alone so the export stands even if proposals or people change later.
import type { DecisionExportRow } from '../../db/decision-export-store.ts';
import { formatIsoDate } from '../../domain/calendar.ts';
import { localDateOf } from '../../domain/time-zone.ts';
import { onBehalfPhrase, type DecisionTallyRecord, type DeclarationRecord, type RecordedVia } from '../../domain/vote-lifecycle.ts';
import { CHOICE_LABELS, OUTCOME_LABELS } from '../votes/vote-views.ts';

export interface OrganisationVote {
  readonly organisation: string;
  /** For, Against, Abstain, Interest declared or Did not vote. */
  readonly vote: string;
  /** Who cast the counted vote, with their role, when someone did. */
  readonly votedBy: string | null;
}

export interface OnBehalfVote {
  readonly voter: string;
  readonly organisation: string | null;
  readonly choice: string;
  readonly recordedBy: string;
  /** How the vote reached the person who recorded it: in a meeting, by phone or by email. */
  readonly via: string;
  /** YYYY-MM-DD, for votes recorded at a meeting. */
  readonly meetingDate: string | null;
  /** "recorded on behalf by Sue Secretariat at the meeting of 3 Dec 2026", as the card and the decision say it. */
  readonly wording: string;
}

export interface DecisionRecord {
  readonly number: number;
  /** YYYY-MM-DD in the partnership's time zone. */
  readonly date: string;
  readonly groupKey: string;
  readonly groupName: string;
  readonly title: string;
  readonly motion: string;
  readonly outcome: string;
  readonly forCount: number;
  readonly againstCount: number;
  readonly abstainCount: number;
  readonly presentCount: number;
  readonly quorumRequired: number;
  readonly quorate: boolean;
  /** "For (Alex Morgan, chair)" when the chair's casting vote decided a tie. */
  readonly castingVote: string | null;
  readonly proposedBy: string;
  readonly organisations: readonly OrganisationVote[];
  readonly declarations: readonly string[];
  readonly corrects: number | null;
  readonly correctedBy: number | null;
  readonly correctionReason: string | null;
  readonly correctionRecordedBy: string | null;
  readonly onBehalf: readonly OnBehalfVote[];
}

function tallyOf(value: unknown): DecisionTallyRecord | null {
  const object = typeof value === 'object' && value !== null ? (value as Partial<DecisionTallyRecord>) : null;
  return object && Array.isArray(object.organisations) && Array.isArray(object.people) ? (object as DecisionTallyRecord) : null;
}

function declarationsOf(value: unknown): DeclarationRecord[] {
  return Array.isArray(value) ? (value as DeclarationRecord[]) : [];
}

function organisationVotes(tally: DecisionTallyRecord | null): OrganisationVote[] {
  if (!tally) return [];
  return tally.organisations.map((organisation) => ({
    organisation: organisation.organisation,
    vote: organisation.declaredInterest ? 'Interest declared' : organisation.counted ? CHOICE_LABELS[organisation.counted] : 'Did not vote',
    votedBy: !organisation.declaredInterest && organisation.counted && organisation.votedBy ? `${organisation.votedBy.name}, ${organisation.votedBy.role.toLowerCase()}` : null,
  }));
}

const VIA_WORDS: Readonly<Record<string, string>> = { MEETING: 'at a meeting', PHONE: 'by phone', EMAIL: 'by email', CLICK: 'in chat' };

/** A person's vote as kept in the tally, with the on-behalf details when the secretariat recorded it. */
interface PersonVoteWithRecorder {
  readonly name: string;
  readonly choice: keyof typeof CHOICE_LABELS;
  readonly organisation?: string | null;
  /** How a vote closed by the bot stores it (see OnBehalfRecord in the voting domain). */
  readonly recorded?: { readonly byName: string; readonly via: string; readonly on: string } | null;
}

/**
 * Votes recorded by someone other than the voter: the `recorded` ({byName, via, on}) of each person's vote in
 * the decision's tally. Votes the voter cast themselves carry none.
 */
/** One on-behalf vote as a line of the CSV and the document. */
export function onBehalfLine(vote: OnBehalfVote): string {
  return `${vote.voter}${vote.organisation ? ` (${vote.organisation})` : ''}: ${vote.choice}, ${vote.wording}`;
}

export function onBehalfVotes(tally: DecisionTallyRecord | null): OnBehalfVote[] {
  if (!tally) return [];
  return (tally.people as readonly PersonVoteWithRecorder[]).flatMap((person): OnBehalfVote[] => {
    const recorded = person.recorded;
    if (!recorded || recorded.via === 'CLICK') return [];
    return [
      {
        voter: person.name,
        organisation: person.organisation ?? null,
        choice: CHOICE_LABELS[person.choice] ?? person.choice,
        recordedBy: recorded.byName,
        via: VIA_WORDS[recorded.via] ?? 'on their behalf',
        meetingDate: recorded.on,
        wording: onBehalfPhrase({ byName: recorded.byName, via: recorded.via as RecordedVia, on: recorded.on }),
      },
    ];
  });
}

function declarationText(declaration: DeclarationRecord): string {
  return `${declaration.name}${declaration.organisation ? ` (${declaration.organisation})` : ''}${declaration.text ? `: ${declaration.text}` : ''}`;
}

export function decisionRecord(row: DecisionExportRow, timeZone: string): DecisionRecord {
  const tally = tallyOf(row.tally);
  const castingBy = tally?.castingVoteBy?.name;
  return {
    number: row.number,
    date: formatIsoDate(localDateOf(row.decidedAt, timeZone)),
    groupKey: row.group.key,
    groupName: row.group.name,
    title: row.title,
    motion: row.motion,
    outcome: OUTCOME_LABELS[row.outcome],
    forCount: row.forCount,
    againstCount: row.againstCount,
    abstainCount: row.abstainCount,
    presentCount: row.presentCount,
    quorumRequired: row.quorumRequired,
    quorate: row.quorate,
    castingVote: row.castingVote ? `${CHOICE_LABELS[row.castingVote]}${castingBy ? ` (${castingBy}, chair)` : ''}` : null,
    proposedBy: row.proposedByName,
    organisations: organisationVotes(tally),
    declarations: declarationsOf(row.declarations).map(declarationText),
    corrects: row.corrects?.number ?? null,
    correctedBy: row.correctedBy?.number ?? null,
    correctionReason: row.correctionReason,
    correctionRecordedBy: row.recordedByName,
    onBehalf: onBehalfVotes(tally),
  };
}
