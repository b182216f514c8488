// The words a partnership file or spreadsheet uses for each enumerated value, and the database value each
// one means. Files are written with the first word of each entry; the rest are accepted variants.
// Matching ignores case, spaces, underscores and punctuation, so "Local authority", "LOCAL_AUTHORITY" and
// "local-authority" are the same word.

export interface Vocabulary<V extends string> {
  /** What a CSP officer would call this kind of value, for error messages ("an action status"). */
  readonly noun: string;
  readonly entries: ReadonlyArray<{ value: V; words: readonly string[] }>;
}

function vocabulary<V extends string>(noun: string, entries: Record<V, readonly string[]>): Vocabulary<V> {
  return {
    noun,
    entries: (Object.entries(entries) as Array<[V, readonly string[]]>).map(([value, words]) => ({ value, words })),
  };
}

export const ORGANISATION_KIND = vocabulary('an organisation kind', {
  POLICE: ['police'],
  LOCAL_AUTHORITY: ['local-authority', 'council', 'la'],
  FIRE: ['fire', 'fire-and-rescue'],
  HEALTH: ['health', 'nhs', 'pct', 'ccg'],
  PROBATION: ['probation'],
  OTHER: ['other'],
});
export type OrganisationKind = (typeof ORGANISATION_KIND.entries)[number]['value'];

export const GROUP_KIND = vocabulary('a group kind', {
  STRATEGY_BOARD: ['strategy-board', 'board'],
  THEMATIC_GROUP: ['thematic-group', 'thematic', 'business-group'],
  OPERATIONS_GROUP: ['operations-group', 'operations'],
  TASK_AND_FINISH: ['task-and-finish', 'task-and-finish-group'],
});
export type GroupKind = (typeof GROUP_KIND.entries)[number]['value'];

export const MEMBERSHIP_ROLE = vocabulary('a membership role', {
  CHAIR: ['chair'],
  VICE_CHAIR: ['vice-chair'],
  REPRESENTATIVE: ['representative', 'rep'],
  DEPUTY: ['deputy', 'nominated-deputy'],
  MEMBER: ['member', 'non-voting-member'],
  SECRETARIAT: ['secretariat'],
});
export type MembershipRole = (typeof MEMBERSHIP_ROLE.entries)[number]['value'];

export const MAJORITY_RULE = vocabulary('a majority rule', {
  SIMPLE: ['simple', 'simple-majority'],
  TWO_THIRDS: ['two-thirds', 'two-thirds-majority', '2-3'],
  UNANIMOUS: ['unanimous', 'unanimity'],
});
export type MajorityRule = (typeof MAJORITY_RULE.entries)[number]['value'];

export const DIGEST_HOLIDAY_RULE = vocabulary('what the digest does on a bank holiday', {
  NEXT_WORKING_DAY: ['next-working-day', 'next working day'],
  POST_ANYWAY: ['post-anyway', 'post anyway'],
});
export type DigestHolidayRule = (typeof DIGEST_HOLIDAY_RULE.entries)[number]['value'];

export const UPDATE_CADENCE = vocabulary('an update cadence', {
  WEEKLY: ['weekly'],
  FORTNIGHTLY: ['fortnightly'],
  MONTHLY: ['monthly'],
  QUARTERLY: ['quarterly'],
});
export type UpdateCadence = (typeof UPDATE_CADENCE.entries)[number]['value'];

export const ACTION_STATUS = vocabulary('an action status', {
  NOT_STARTED: ['not-started', 'not-yet-started'],
  ON_TRACK: ['on-track', 'green', 'in-progress'],
  AT_RISK: ['at-risk', 'amber'],
  OFF_TRACK: ['off-track', 'red'],
  COMPLETE: ['complete', 'completed', 'done'],
  CANCELLED: ['cancelled', 'canceled'],
});
export type ActionStatus = (typeof ACTION_STATUS.entries)[number]['value'];

export const RECORD_SOURCE = vocabulary('a record source', {
  CHAT: ['chat'],
  IMPORT: ['import'],
  SYSTEM: ['system'],
});
export type RecordSource = (typeof RECORD_SOURCE.entries)[number]['value'];

export const INDICATOR_UNIT = vocabulary('an indicator unit', {
  COUNT: ['count', 'number'],
  PERCENT: ['percent', 'percentage', '%'],
  RATE_PER_1000: ['rate-per-1000', 'per-1000'],
  RATE_PER_100000: ['rate-per-100000', 'per-100000', 'rate-per-100-000', 'per-100-000'],
});
export type IndicatorUnit = (typeof INDICATOR_UNIT.entries)[number]['value'];

export const POLARITY = vocabulary('a polarity', {
  LOWER_IS_BETTER: ['lower-is-better', 'lower', 'down'],
  HIGHER_IS_BETTER: ['higher-is-better', 'higher', 'up'],
});
export type Polarity = (typeof POLARITY.entries)[number]['value'];

export const READING_FREQUENCY = vocabulary('a reading frequency', {
  MONTHLY: ['monthly'],
  QUARTERLY: ['quarterly'],
  ANNUAL: ['annual', 'yearly', 'annually'],
});
export type ReadingFrequency = (typeof READING_FREQUENCY.entries)[number]['value'];

export const HALLMARK = vocabulary('a hallmark', {
  EMPOWERED_AND_EFFECTIVE_LEADERSHIP: ['empowered-and-effective-leadership'],
  INTELLIGENCE_LED_BUSINESS_PROCESSES: ['intelligence-led-business-processes'],
  EFFECTIVE_AND_RESPONSIVE_DELIVERY_STRUCTURES: [
    'effective-and-responsive-delivery-structures',
    'effective-and-responsive-delivery-structure',
  ],
  ENGAGED_COMMUNITIES: ['engaged-communities', 'community-engagement'],
  VISIBLE_AND_CONSTRUCTIVE_ACCOUNTABILITY: ['visible-and-constructive-accountability', 'visibility-and-accountability'],
  APPROPRIATE_SKILLS_AND_KNOWLEDGE: ['appropriate-skills-and-knowledge', 'appropriate-knowledge-and-skills'],
});
export type Hallmark = (typeof HALLMARK.entries)[number]['value'];

export const HALLMARK_ITEM_KIND = vocabulary('a hallmark item kind', {
  REQUIREMENT: ['requirement', 'statutory-requirement'],
  QUESTION: ['question', 'self-assessment-question'],
});
export type HallmarkItemKind = (typeof HALLMARK_ITEM_KIND.entries)[number]['value'];

export const HALLMARK_STATUS = vocabulary('a hallmark status', {
  MET: ['met'],
  PARTLY_MET: ['partly-met', 'partially-met'],
  NOT_MET: ['not-met'],
  AWAITING_EXTERNAL: ['awaiting-external'],
  NOT_APPLICABLE: ['not-applicable', 'n-a'],
});
export type HallmarkStatus = (typeof HALLMARK_STATUS.entries)[number]['value'];

function normaliseWord(text: string): string {
  if (text.trim() === '%') return '%';
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function lookUpWord<V extends string>(vocab: Vocabulary<V>, text: string): V | undefined {
  const word = normaliseWord(text);
  return vocab.entries.find((entry) => entry.words.includes(word))?.value;
}

/** The word a file is written with. */
export function wordFor<V extends string>(vocab: Vocabulary<V>, value: V): string {
  const entry = vocab.entries.find((candidate) => candidate.value === value);
  if (!entry) throw new Error(`No word for ${value} in ${vocab.noun}`);
  return entry.words[0] as string;
}

export function describeChoices<V extends string>(vocab: Vocabulary<V>): string {
  return vocab.entries.map((entry) => entry.words[0]).join(', ');
}
