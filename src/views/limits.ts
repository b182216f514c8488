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

/**
 * Teams measures a bot message as its whole activity in UTF-16, base64 images left out, and refuses one over
 * 40 KB with 413 MessageSizeTooBig (Microsoft's "Format your bot messages"; later versions of that page say
 * 100 KB, 80 KB recommended). Budgets here count UTF-16 code units (or UTF-8 bytes where more), so 40 K of them
 * is within 40 KB read as characters and within 80 KB read as UTF-16 bytes. The 28 KB limit is for
 * incoming-webhook, connector and message-extension cards, none of which this bot sends.
 */
const BOT_MESSAGE_SIZE = 40 * 1024;
/** Room for the activity around the card: its summary (at most 200 characters), ids, service URL, channel data. */
const ACTIVITY_ENVELOPE_SIZE = 4 * 1024;

export const TEAMS_LIMITS = {
  botMessageSize: BOT_MESSAGE_SIZE,
  /** A card's budget: its JSON's UTF-16 code units (or UTF-8 bytes where more), the base64 of data: images left out. */
  cardBytes: BOT_MESSAGE_SIZE - ACTIVITY_ENVELOPE_SIZE,
  /**
   * One data: URL at most: the .NET and UWP Adaptive Card libraries refuse longer ones (65,500 characters,
   * microsoft/AdaptiveCards issue 2881), and a bot's card may be parsed by them.
   */
  dataUrlLength: 65_500,
} as const;

export const ELLIPSIS = '…';
