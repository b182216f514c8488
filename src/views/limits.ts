/** Block Kit limits from @slack/types JSDoc and docs.slack.dev (see shared notes platform-limits.md). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  blocksPerHome: 100,
  blockIdLength: 255,
  actionIdLength: 255,
  sectionTextLength: 3000,
  sectionFieldCount: 10,
  sectionFieldLength: 2000,
  headerTextLength: 150,
  contextElementCount: 10,
  contextTextLength: 3000,
  actionsElementCount: 25,
  buttonTextLength: 75,
  buttonValueLength: 2000,
  buttonUrlLength: 3000,
  optionTextLength: 75,
  optionValueLength: 75,
  staticSelectOptionCount: 100,
  placeholderLength: 150,
  confirmTitleLength: 100,
  confirmTextLength: 300,
  confirmButtonLength: 30,
  plainTextInputMaxLength: 3000,
  inputLabelLength: 2000,
  inputHintLength: 2000,
  modalTitleLength: 24,
  modalButtonLength: 24,
  privateMetadataLength: 3000,
  callbackIdLength: 255,
  /** Our own cap for the notification/fallback `text`: it is shown in previews, not as the message. */
  fallbackTextLength: 3000,
} as const;

export const TEAMS_LIMITS = {
  /** Safe card budget: 28 KB applies to connector and message-extension cards; bot messages allow 40 KB. */
  cardBytes: 28_000,
} as const;

export const ELLIPSIS = '…';
