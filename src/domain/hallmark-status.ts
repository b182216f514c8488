// Hallmark assessment statuses: reading the free text a partnership's checklist uses ("Yes", "Not yet",
// "Awaits County") into a status, and the rules an assessment must follow.
//
// Reading is deliberately cautious. A wording that waits on another body ("Awaits County", "Probably –
// awaits County", "Yes – awaits County commissioning process") is read as awaiting that body wherever the
// awaits phrase stands, with what the rest says of the item kept beside it ("possibly met", "otherwise met").
// Otherwise only the phrase at the start of the text counts (up to the first bracket, dash, comma or
// semicolon), it must be one of the phrases below, and the rest of the text must not point at another status
// ("Yes – will do" is left to a person). Anything else, such as "Noted", "TOR" or "See Delivery Plan", says
// where the answer is, not whether the item is met: it is kept as text and flagged for review, never guessed.

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
      /**
       * For AWAITING_EXTERNAL, what the rest of the wording says of the item meanwhile: "possibly met"
       * ("Probably – awaits County"), "otherwise met" ("Yes – awaits County commissioning process").
       */
      readonly meanwhile?: string;
      /** The reason, for NOT_APPLICABLE. */
      readonly notApplicableReason?: string;
    }
  | { readonly kind: 'unmapped'; readonly reason: string };

type PlainStatus = Exclude<HallmarkStatusValue, 'AWAITING_EXTERNAL' | 'NOT_APPLICABLE'>;

const PHRASES: ReadonlyArray<readonly [string, PlainStatus]> = [
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

/**
 * Ways a checklist says it waits on someone. Opening a part, the first five take any awaited thing ("Awaiting
 * Home Office guidance"); elsewhere, and "pending" or "subject to" anywhere, only a known body or a name.
 */
const AWAITS_IN_PART = /(?:^|\s)(awaits|awaiting|await|waiting for|waiting on|pending|subject to)\s+(\S.*)$/i;
const NAMING_VERBS = new Set(['awaits', 'awaiting', 'await', 'waiting for', 'waiting on']);

/** A hedge before the awaits phrase: the item may well be met, but the writer would not say so. */
const HEDGES = new Set(['probably', 'possibly', 'likely', 'maybe', 'perhaps', 'probably yes', 'probably met']);
const MEANWHILE: Readonly<Record<PlainStatus, string>> = { MET: 'otherwise met', PARTLY_MET: 'partly met', NOT_MET: 'not met yet' };

/** Bodies a checklist names by a short word, with the name they are grouped under. */
const KNOWN_BODIES: ReadonlyArray<{ readonly words: readonly string[]; readonly name: string }> = [
  { words: ['county', 'county group', 'county council', 'county strategy group'], name: 'County group' },
];

/** Words in the rest of the text that point at a different status than the leading phrase. */
const CONFLICTING = /\b(?:await|awaits|awaiting|will do|will be|not yet|needs work|partly|partially|not met)\b/;

/** The leading phrase ends at a bracket, dash, comma, semicolon or colon; a hyphen inside a word does not end it. */
const SEPARATOR = /\s*(?:[([–—;,:]|\s-\s|-(?=[(A-Z]))/;
/** The same boundaries (closing brackets too), splitting a wording into its parts. */
const PART_SEPARATORS = /\s*(?:[()[\]–—;,:]|\s-\s|-(?=[(A-Z]))\s*/;

function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function cleanDetail(text: string): string {
  return text.replace(/^[\s()[\]–—;,:-]+|[\s()[\]–—;,:-]+$/g, '').trim();
}

/** The name a known body is grouped under ("Awaits County ISA": the County group), whatever is awaited from it. */
function knownBody(body: string): string | undefined {
  const bodyWords = words(body);
  return KNOWN_BODIES.find((known) => known.words.some((word) => bodyWords === word || bodyWords.startsWith(`${word} `)))?.name;
}

/**
 * The body a wording waits on, from whichever part holds the awaits phrase, and the words before it (the
 * part before, or the start of the same part). Mid-sentence, or after "pending" or "subject to", the awaited
 * thing must be a known body or a name (a capital letter): "pending review" awaits nobody.
 */
function awaitedBody(text: string): { body: string; lead: string } | undefined {
  const parts = text.split(PART_SEPARATORS).map((part) => part.trim()).filter((part) => part.length > 0);
  for (const [index, part] of parts.entries()) {
    const match = AWAITS_IN_PART.exec(part);
    const verb = match?.[1]?.toLowerCase();
    const object = match?.[2];
    if (!match || verb === undefined || object === undefined) continue;
    const known = knownBody(object);
    const named = known !== undefined || (match.index === 0 && NAMING_VERBS.has(verb)) || /^[A-Z0-9]/.test(object);
    if (!named) continue;
    const lead = index > 0 ? (parts[0] ?? '') : part.slice(0, match.index);
    return { body: known ?? cleanDetail(object).replace(/^the\s+/i, ''), lead };
  }
  return undefined;
}

function meanwhileOf(lead: string): string | undefined {
  const leadWords = words(lead);
  if (HEDGES.has(leadWords)) return 'possibly met';
  const phrase = PHRASES.find(([candidate]) => candidate === leadWords);
  return phrase ? MEANWHILE[phrase[1]] : undefined;
}

/**
 * Whether a wording is a bare status phrase ("Yes", "Not yet", "Partly met"), which says nothing more than
 * the status it is read as; any other wording is worth showing beside its status.
 */
export function isPlainStatusWording(raw: string): boolean {
  const plain = words(raw);
  return PHRASES.some(([phrase]) => phrase === plain) || Object.values(HALLMARK_STATUS_LABELS).some((label) => words(label) === plain);
}

/** Reads a free-text status as a partnership wrote it; see the header for what is and is not read. */
export function readStatusText(raw: string): StatusReading {
  const text = raw.trim();
  if (text.length === 0) return { kind: 'unmapped', reason: 'the status is empty' };

  const awaited = awaitedBody(text);
  if (awaited) {
    const meanwhile = meanwhileOf(awaited.lead);
    return { kind: 'mapped', status: 'AWAITING_EXTERNAL', externalBody: awaited.body, ...(meanwhile ? { meanwhile } : {}) };
  }

  const separator = SEPARATOR.exec(text);
  const headText = separator ? text.slice(0, separator.index) : text;
  const detail = separator ? cleanDetail(text.slice(separator.index)) : '';
  const head = words(headText);
  if (NOT_APPLICABLE_PHRASES.has(head)) {
    if (detail.length === 0) return { kind: 'unmapped', reason: 'it says not applicable but gives no reason' };
    return { kind: 'mapped', status: 'NOT_APPLICABLE', notApplicableReason: detail };
  }
  const phrase = PHRASES.find(([candidate]) => candidate === head);
  if (!phrase) return { kind: 'unmapped', reason: `"${headText.trim()}" does not say whether the item is met` };
  if (CONFLICTING.test(words(detail))) return { kind: 'unmapped', reason: `"${text}" points at more than one status` };
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
