// Hallmark assessment statuses: reading the free text a partnership's checklist uses ("Yes", "Not yet",
// "Awaits County") into a status, and the rules an assessment must follow.
//
// Reading is deliberately cautious. Only the phrase at the start of the text counts (up to the first
// bracket, dash, comma or semicolon), it must be one of the phrases below, and the rest of the text must not
// point at another status ("Yes – will do", "Yes – awaits County" are left to a person). Anything else,
// such as "Noted", "TOR" or "See Delivery Plan", says where the answer is, not whether the item is met: it
// is kept as text and flagged for review, never guessed.

export const HALLMARK_STATUSES = ['MET', 'PARTLY_MET', 'NOT_MET', 'AWAITING_EXTERNAL', 'NOT_APPLICABLE'] as const;
export type HallmarkStatusValue = (typeof HALLMARK_STATUSES)[number];

export const HALLMARK_STATUS_LABELS: Readonly<Record<HallmarkStatusValue, string>> = {
  MET: 'Met',
  PARTLY_MET: 'Partly met',
  NOT_MET: 'Not met',
  AWAITING_EXTERNAL: 'Awaiting an external body',
  NOT_APPLICABLE: 'Not applicable',
};

export type StatusReading =
  | {
      readonly kind: 'mapped';
      readonly status: HallmarkStatusValue;
      /** The body awaited, for AWAITING_EXTERNAL. */
      readonly externalBody?: string;
      /** The reason, for NOT_APPLICABLE. */
      readonly notApplicableReason?: string;
    }
  | { readonly kind: 'unmapped'; readonly reason: string };

const PHRASES: ReadonlyArray<readonly [string, Exclude<HallmarkStatusValue, 'AWAITING_EXTERNAL' | 'NOT_APPLICABLE'>]> = [
  ['yes', 'MET'],
  ['met', 'MET'],
  ['fully met', 'MET'],
  ['in place', 'MET'],
  ['done', 'MET'],
  ['complete', 'MET'],
  ['completed', 'MET'],
  ['achieved', 'MET'],
  ['they are', 'MET'],
  ['it does', 'MET'],
  ['it did', 'MET'],
  ['partly', 'PARTLY_MET'],
  ['partly met', 'PARTLY_MET'],
  ['partially', 'PARTLY_MET'],
  ['partially met', 'PARTLY_MET'],
  ['in progress', 'PARTLY_MET'],
  ['needs work', 'PARTLY_MET'],
  ['improving', 'PARTLY_MET'],
  ['no', 'NOT_MET'],
  ['not met', 'NOT_MET'],
  ['not yet', 'NOT_MET'],
  ['not started', 'NOT_MET'],
  ['will', 'NOT_MET'],
  ['will do', 'NOT_MET'],
  ['will be', 'NOT_MET'],
  ['they will be', 'NOT_MET'],
];

const NOT_APPLICABLE_PHRASES = new Set(['n a', 'na', 'not applicable']);
const AWAITING = /^(?:awaits|awaiting|await|waiting for|waiting on)\s+(.+)$/;

/** Bodies a checklist names by a short word, with the name they are grouped under. */
const KNOWN_BODIES: ReadonlyArray<{ readonly words: readonly string[]; readonly name: string }> = [
  { words: ['county', 'county group', 'county council', 'county strategy group'], name: 'County group' },
];

/** Words in the rest of the text that point at a different status than the leading phrase. */
const CONFLICTING = /\b(?:await|awaits|awaiting|will do|will be|not yet|needs work|partly|partially|not met)\b/;

/** The leading phrase ends at a bracket, dash, comma, semicolon or colon; a hyphen inside a word does not end it. */
const SEPARATOR = /\s*(?:[([–—;,:]|\s-\s|-(?=[(A-Z]))/;

function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function cleanDetail(text: string): string {
  return text.replace(/^[\s()[\]–—;,:-]+|[\s()[\]–—;,:-]+$/g, '').trim();
}

function knownBody(body: string): { name: string; rest: string } | undefined {
  const bodyWords = words(body);
  for (const known of KNOWN_BODIES) {
    const match = [...known.words].sort((a, b) => b.length - a.length).find((word) => bodyWords === word || bodyWords.startsWith(`${word} `));
    if (match) return { name: known.name, rest: bodyWords.slice(match.length).trim() };
  }
  return undefined;
}

/** Reads a free-text status as a partnership wrote it; see the header for what is and is not read. */
export function readStatusText(raw: string): StatusReading {
  const text = raw.trim();
  if (text.length === 0) return { kind: 'unmapped', reason: 'the status is empty' };
  const separator = SEPARATOR.exec(text);
  const headText = separator ? text.slice(0, separator.index) : text;
  const detail = separator ? cleanDetail(text.slice(separator.index)) : '';
  const head = words(headText);
  const conflicting = CONFLICTING.test(words(detail));

  const awaiting = AWAITING.exec(head);
  if (awaiting?.[1]) {
    const known = knownBody(awaiting[1]);
    const body = known?.name ?? cleanDetail(headText.replace(/^\s*\S+(?:\s+(?:for|on))?\s+/i, ''));
    return { kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: body };
  }
  if (NOT_APPLICABLE_PHRASES.has(head)) {
    if (detail.length === 0) return { kind: 'unmapped', reason: 'it says not applicable but gives no reason' };
    return { kind: 'mapped', status: 'NOT_APPLICABLE', notApplicableReason: detail };
  }
  const phrase = PHRASES.find(([candidate]) => candidate === head);
  if (!phrase) return { kind: 'unmapped', reason: `"${headText.trim()}" does not say whether the item is met` };
  if (conflicting) return { kind: 'unmapped', reason: `"${text}" points at more than one status` };
  return { kind: 'mapped', status: phrase[1] };
}

// ---------------------------------------------------------------- an assessment's own rules

export interface AssessmentInput {
  readonly status: HallmarkStatusValue;
  readonly externalBody: string | null;
  readonly notApplicableReason: string | null;
  readonly evidenceLinks: readonly string[];
  /** A date at UTC midnight, or null. */
  readonly reviewDate: Date | null;
}

export type AssessmentField = 'externalBody' | 'notApplicableReason' | 'evidenceLinks' | 'reviewDate';

export function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * What is wrong with an assessment made in chat, by field: an awaited body must be named, "not applicable"
 * needs a reason, evidence links must be web addresses and a review date cannot be in the past (`today`,
 * a date at UTC midnight in the partnership's time zone). Empty when it is fine.
 */
export function assessmentProblems(input: AssessmentInput, today: Date): Partial<Record<AssessmentField, string>> {
  const problems: Partial<Record<AssessmentField, string>> = {};
  if (input.status === 'AWAITING_EXTERNAL' && !input.externalBody?.trim()) {
    problems.externalBody = 'Say which body you are waiting for, for example "County group".';
  }
  if (input.status === 'NOT_APPLICABLE' && !input.notApplicableReason?.trim()) {
    problems.notApplicableReason = 'Give the reason this item does not apply to the partnership.';
  }
  const badLink = input.evidenceLinks.find((link) => !isWebLink(link));
  if (badLink !== undefined) {
    problems.evidenceLinks = `"${badLink}" is not a web address: put one link per line, each starting with https:// or http://.`;
  }
  if (input.reviewDate && input.reviewDate.getTime() < today.getTime()) {
    problems.reviewDate = 'The review date cannot be in the past: pick today or a later date.';
  }
  return problems;
}
