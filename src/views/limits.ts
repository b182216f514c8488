/**
 * What a view may hold so that it renders alike on every platform: the stricter of Block Kit's and Adaptive
 * Cards' limits (Block Kit's, for all of these: see SLACK_LIMITS in block-kit-limits.ts). Renderers cut text
 * to these; ids and values beyond them are programming errors (ViewModelError).
 */
export const VIEW_LIMITS = {
  /** A text block, a list item or a fact. */
  textLength: 3000,
  /** The value of a labelled field. */
  fieldValueLength: 2000,
  headingLength: 150,
  buttonLabelLength: 75,
  /** An ActionValue once serialised (a button's value). */
  actionValueLength: 2000,
  confirmTitleLength: 100,
  confirmTextLength: 300,
  /** A form field's id. */
  fieldIdLength: 255,
  fieldLabelLength: 2000,
  optionLabelLength: 75,
  optionValueLength: 75,
} as const;

export const TEAMS_LIMITS = {
  /** Safe card budget: 28 KB applies to connector and message-extension cards; bot messages allow 40 KB. */
  cardBytes: 28_000,
} as const;

export const ELLIPSIS = '…';
