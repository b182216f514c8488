export * from './action-ids.ts';
export * from './model.ts';
export { ELLIPSIS, SLACK_LIMITS, TEAMS_LIMITS } from './limits.ts';
export { progressBar, sparkline } from './text-graphics.ts';
export type { ProgressBarOptions, SparklineOptions } from './text-graphics.ts';
export { pageWindow, requestedPage } from './paging.ts';
export type { PageWindow } from './paging.ts';
export { encodeActionValue, decodeActionValue } from './action-value.ts';
export { toPlainText, truncatePlain } from './rich-text.ts';
export { escapeSlackMrkdwn } from './slack-markup.ts';
export { escapeTeamsMarkdown } from './teams-markup.ts';
export type { TeamsMentionEntity } from './teams-markup.ts';
export { fallbackText } from './view-text.ts';
export {
  renderBlockKit,
  renderSlackHome,
  renderSlackModal,
  slackResponseActionErrors,
  slackResponseActionUpdate,
} from './block-kit.ts';
export type * from './slack-types.ts';
export { checkBlockKitLimits } from './block-kit-limits.ts';
export type { BlockKitPayload, BlockKitSurface, BlockKitViolation } from './block-kit-limits.ts';
export { renderAdaptiveCard, checkAdaptiveCardSize } from './adaptive-card.ts';
export type { AdaptiveCardSize } from './adaptive-card.ts';
export type * from './adaptive-card-types.ts';
export { parseSlackSubmission, parseTeamsSubmission } from './submitted-values.ts';
export type { SubmittedAction } from './submitted-values.ts';
