// The words used wherever cover is shown: in a reminder sent to cover ("whose action it is and why"), in
// the chair's summary ("away until 4 Jan, deputy reminded") and in the action view.
import { awayUntil, type AbsencePeriod, type Cover, type CoverCandidate } from '../../domain/absence.ts';

export interface CoverNote {
  /** One sentence for the person covering. */
  readonly text: string;
  /** "away until 4 Jan, deputy reminded" for the chair's summary and lists. */
  readonly short: string;
}

function whyYou(cover: Cover<CoverCandidate>): string {
  if (cover.by === 'deputy') return 'you are reminded as their nominated deputy';
  return cover.why === 'no-deputy'
    ? 'you are told as the secretariat because they have no nominated deputy for this group'
    : 'you are told as the secretariat because their deputy is away too';
}

export function coveredBy(cover: Cover<CoverCandidate>): string {
  return cover.by === 'deputy' ? 'deputy reminded' : 'secretariat told';
}

/** What someone covering for an away owner is told, and the short form for summaries. */
export function coverNote(owner: { name: string }, absence: AbsencePeriod, cover: Cover<CoverCandidate>, today: string): CoverNote {
  const away = awayUntil(absence, today);
  return {
    text: `${owner.name}'s action: ${owner.name} is ${away}, so ${whyYou(cover)}. You may post the update.`,
    short: `${owner.name} ${away}, ${coveredBy(cover)}`,
  };
}

/** The cover's own notification key: apart from the owner's, which stays unclaimed until they are back. */
export function coverDedupeKey(ownerKey: string, ownerId: string, coverId: string): string {
  return `${ownerKey}:cover-for:${ownerId}:to:${coverId}`;
}
