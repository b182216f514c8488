// The digest message: short sections that read on a phone, each list cut to a few lines with a count of the
// rest and a button to see them all, so a digest stays well inside Slack's 50 blocks and Teams' card budget.
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { ButtonView, ImageBlock, Inline, ListItem, MessageView, RichText, ViewBlock } from '../../views/model.ts';
import { bold, lineBreak, link, rich } from '../../views/model.ts';
import { openDecisionButton } from '../votes/decision-links.ts';
import { progressBar } from '../../views/text-graphics.ts';
import type { IndicatorStatusRow } from '../indicators/indicator-statuses.ts';
import { briefIndicator, headlineIndicatorLine, leadText, ragSummaryText, shortPeriod } from '../indicators/indicator-views.ts';
import { formatValue } from '../indicators/indicator-format.ts';
import { type ActionNote, type DigestContent, type HallmarkProgress, statusCountsInOrder } from './digest-content.ts';

export const LIST_LIMITS = { indicators: 6, greens: 12, priorities: 8, actions: 5, decisions: 5, votes: 5 } as const;

const STATUS_WORDS: Readonly<Record<string, string>> = {
  OFF_TRACK: '🔴 off track',
  AT_RISK: '🟠 at risk',
  NOT_STARTED: 'not started',
  ON_TRACK: 'on track',
  COMPLETE: '✅ complete',
  CANCELLED: 'cancelled',
};

const OUTCOME_WORDS: Readonly<Record<string, string>> = {
  CARRIED: 'carried',
  LOST: 'lost',
  NO_DECISION_INQUORATE: 'no decision (inquorate)',
};

export interface DigestViewOptions {
  /** Mentions of action owners by person id (services/mentions.ts); a name is shown for anyone missing. */
  mentions: ReadonlyMap<string, Inline>;
  /** Whether the "Update my actions" button has a handler (the actions feature is installed). */
  canOpenUpdateForm: boolean;
  /** The scheduled run went out late: when it was due (the notice says how late, and why). */
  late?: { scheduledAt: Date; sentAt: Date };
  /**
   * One catch-up digest covering missed scheduled runs: the weeks (or other schedule periods) it covers, oldest
   * first, each from the run before it to its scheduled time. The window is the whole gap.
   */
  catchUp?: { periods: readonly { from: Date; to: Date }[] };
  /** Posted again after the bot stopped between posting and recording: the channel may already have it. */
  repost?: boolean;
  /** The red and amber headline indicators drawn against their targets (digest-chart.ts). */
  chart?: ImageBlock;
}

export const REPOST_NOTICE = 'this may repeat an earlier post (the bot stopped while posting)';

function lateness(late: { scheduledAt: Date; sentAt: Date }): string {
  const minutes = Math.max(1, Math.round((late.sentAt.getTime() - late.scheduledAt.getTime()) / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** The notice under the heading: which stretch it covers, and why it is late, a catch-up or a possible repeat. */
function coverageNotice(content: DigestContent, options: DigestViewOptions): string {
  const days = dayFormat(content.timeZone);
  const times = dateTimeFormat(content.timeZone);
  const coverage = `${content.partnershipName} · ${days.format(content.window.from)} to ${days.format(content.window.to)}`;
  if (options.repost) return `${coverage} · ${REPOST_NOTICE}`;
  if (options.catchUp && options.catchUp.periods.length > 1) {
    const missed = options.catchUp.periods.map((period) => times.format(period.to)).join(', ');
    return `${coverage} · catch-up for ${options.catchUp.periods.length} missed digests: the bot was not running at the scheduled times (${missed})`;
  }
  if (options.late) return `${coverage} · sent ${lateness(options.late)} late: the bot was not running at the scheduled time (${times.format(options.late.scheduledAt)})`;
  return coverage;
}

/** "Week to Mon 26 Oct: 1 decision, 2 actions completed" for each period a catch-up digest covers. */
function catchUpLines(content: DigestContent, periods: readonly { from: Date; to: Date }[]): ViewBlock[] {
  const days = dayFormat(content.timeZone);
  const within = (at: Date | null, period: { from: Date; to: Date }) => at !== null && at >= period.from && at < period.to;
  const items: ListItem[] = periods.map((period) => {
    const decisions = content.decisions.filter((decision) => within(decision.decidedAt, period)).length;
    const completed = content.actions.completed.filter((action) => within(action.lastUpdateAt, period)).length;
    return { text: rich(bold(`${days.format(period.from)} to ${days.format(period.to)}`), `: ${count(decisions, 'decision')}, ${count(completed, 'action')} completed`) };
  });
  return [section('Catch-up: each missed digest\'s period'), { type: 'list', items }];
}

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone });
}

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
}

function dueDateText(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

function owner(action: ActionNote, mentions: ReadonlyMap<string, Inline>): Inline[] {
  if (!action.owner) return rich(' · no owner');
  return rich(' · ', mentions.get(action.owner.id) ?? action.owner.name);
}

function more(shown: number, total: number, noun: string): ViewBlock[] {
  return total > shown ? [{ type: 'context', text: `…and ${total - shown} more ${noun}.` }] : [];
}

function section(title: string, detail?: string): ViewBlock {
  return { type: 'text', text: detail ? rich(bold(title), ` ${detail}`) : rich(bold(title)) };
}

function actionList(title: string, actions: readonly ActionNote[], line: (action: ActionNote) => RichText, noun: string): ViewBlock[] {
  if (actions.length === 0) return [];
  const shown = actions.slice(0, LIST_LIMITS.actions);
  return [
    section(`${title} (${actions.length})`),
    { type: 'list', items: shown.map((action): ListItem => ({ text: line(action) })) },
    ...more(shown.length, actions.length, noun),
  ];
}

function actionTitle(action: ActionNote): Inline[] {
  return rich(bold(action.ref), ` ${action.title}`);
}

function hallmarkLine(progress: HallmarkProgress): string {
  const gained = progress.now.MET - progress.before.MET;
  const change = gained === 0 ? 'no change' : `${gained > 0 ? '+' : '−'}${Math.abs(gained)}`;
  const parts = [`${progress.now.MET} of ${progress.total} met (${change} since the last digest)`];
  if (progress.now.PARTLY_MET > 0) parts.push(`${progress.now.PARTLY_MET} partly met`);
  if (progress.now.NOT_MET > 0) parts.push(`${progress.now.NOT_MET} not met`);
  if (progress.now.AWAITING_EXTERNAL > 0) parts.push(`${progress.now.AWAITING_EXTERNAL} awaiting others`);
  if (progress.now.NOT_APPLICABLE > 0) parts.push(`${progress.now.NOT_APPLICABLE} not applicable`);
  if (progress.now.NOT_ASSESSED > 0) parts.push(`${progress.now.NOT_ASSESSED} not assessed`);
  return parts.join(' · ');
}

/** "NI 18 Adult re-offending · no reading for Q2 2026/27 (last: 12% in Q1 2026/27) · from Norfolk Probation". */
function awaitingLine(row: IndicatorStatusRow): Inline[] {
  const { indicator, summary } = row;
  const last = summary.latest && summary.latest.value !== null
    ? ` (last: ${formatValue(summary.latest.value, indicator.unit)} in ${shortPeriod(summary.latest.period)})`
    : ' (never recorded)';
  return rich(bold(indicator.code), ` ${indicator.name} · no reading for ${shortPeriod(summary.currentPeriod)}${last} · ${leadText(indicator)}`);
}

function title(content: DigestContent, catchUp = false): string {
  if (catchUp) return `Catch-up digest · ${content.group.name}`;
  const days = (content.window.to.getTime() - content.window.from.getTime()) / 86_400_000;
  return `${days >= 6 && days <= 8 ? 'Weekly digest' : 'Digest'} · ${content.group.name}`;
}

function count(number: number, singular: string, plural = `${singular}s`): string {
  return `${number} ${number === 1 ? singular : plural}`;
}

function summaryText(content: DigestContent, catchUp: boolean): string {
  const { counts } = content.indicators;
  const parts = [`${counts.RED} red, ${counts.AMBER} amber`, count(content.actions.overdue.length, 'overdue action')];
  if (content.votes.length > 0) parts.push(count(content.votes.length, 'open vote'));
  return `${title(content, catchUp)}: ${parts.join(', ')}.`;
}

export function digestView(content: DigestContent, options: DigestViewOptions): MessageView {
  const { timeZone } = content;
  const days = dayFormat(timeZone);
  const times = dateTimeFormat(timeZone);
  const catchUp = (options.catchUp?.periods.length ?? 0) > 1;
  const blocks: ViewBlock[] = [{ type: 'heading', text: title(content, catchUp) }];
  blocks.push({ type: 'context', text: coverageNotice(content, options) });
  if (options.catchUp && options.catchUp.periods.length > 1) blocks.push(...catchUpLines(content, options.catchUp.periods));

  blocks.push(section('Performance'));
  if (content.indicators.rows.length === 0) {
    blocks.push({ type: 'context', text: 'No headline indicators belong to this group.' });
  } else {
    blocks.push({ type: 'text', text: ragSummaryText(content.indicators.rows) });
    const shown = content.indicators.attention.slice(0, LIST_LIMITS.indicators);
    if (shown.length > 0) blocks.push({ type: 'list', items: shown.map((row) => ({ text: headlineIndicatorLine(row) })) });
    blocks.push(...more(shown.length, content.indicators.attention.length, 'red or amber'));
    if (options.chart) blocks.push(options.chart);
    const greens = content.indicators.rows.filter((row) => row.summary.status === 'GREEN');
    if (greens.length > 0) {
      const named = greens.slice(0, LIST_LIMITS.greens).map(briefIndicator);
      const rest = greens.length - named.length;
      blocks.push({ type: 'text', text: rich(bold(`🟢 On target (${greens.length}):`), ` ${named.join(' · ')}${rest > 0 ? ` · and ${rest} more` : ''}`) });
    }
    const awaiting = content.indicators.awaiting.slice(0, LIST_LIMITS.indicators);
    if (awaiting.length > 0) {
      blocks.push(section(`Awaiting a reading (${content.indicators.awaiting.length})`), {
        type: 'list',
        items: awaiting.map((row) => ({ text: awaitingLine(row) })),
      });
      blocks.push(...more(awaiting.length, content.indicators.awaiting.length, 'awaiting a reading'));
    }
  }

  const { actions } = content;
  blocks.push({ type: 'divider' }, section('Action plan', actions.total === 0 ? '' : `· ${count(actions.total, 'action')}`));
  if (actions.total === 0) {
    blocks.push({ type: 'context', text: 'No actions belong to this group.' });
  } else {
    const priorities = actions.priorities.slice(0, LIST_LIMITS.priorities);
    blocks.push({
      type: 'list',
      items: priorities.map((line) => ({
        text: rich(bold(line.title), lineBreak(), statusCountsInOrder(line).map(([status, count]) => `${count} ${STATUS_WORDS[status] ?? status}`).join(' · ')),
      })),
    });
    blocks.push(...more(priorities.length, actions.priorities.length, 'priorities'));
    const mentions = options.mentions;
    blocks.push(
      ...actionList('Completed', actions.completed, (action) => actionTitle(action), 'completed'),
      ...actionList('At risk or off track', actions.atRisk, (action) => [...actionTitle(action), ...rich(` · ${STATUS_WORDS[action.status] ?? action.status}`), ...owner(action, mentions)], 'at risk or off track'),
      ...actionList('Overdue', actions.overdue, (action) => [...actionTitle(action), ...rich(` · was due ${action.dueDate ? dueDateText(action.dueDate) : ''}`), ...owner(action, mentions)], 'overdue'),
      ...actionList('Update missing', actions.missingUpdates, (action) => [...actionTitle(action), ...rich(` · update due ${action.updateDueAt ? days.format(action.updateDueAt) : ''}`), ...owner(action, mentions)], 'missing updates'),
    );
  }

  blocks.push({ type: 'divider' }, section('Decisions'));
  if (content.decisions.length === 0) {
    blocks.push({ type: 'context', text: 'No decisions were recorded in this period.' });
  } else {
    const shown = content.decisions.slice(-LIST_LIMITS.decisions);
    blocks.push({
      type: 'list',
      items: shown.map((decision): ListItem => {
        const text = rich(
          bold(`#${decision.number}`),
          ` ${decision.title}${decision.isCorrection ? ' (correction)' : ''} · ${OUTCOME_WORDS[decision.outcome] ?? decision.outcome}`,
          ` (${decision.forCount} for, ${decision.againstCount} against, ${decision.abstainCount} abstaining)`,
        );
        return decision.url
          ? { text: [...text, ...rich(' · '), link(decision.url, 'Open the vote thread')] }
          : { text, button: openDecisionButton(decision.number) };
      }),
    });
    blocks.push(...more(shown.length, content.decisions.length, 'decisions'));
  }
  if (content.votes.length > 0) {
    const shown = content.votes.slice(0, LIST_LIMITS.votes);
    blocks.push(section('Open votes'), {
      type: 'list',
      items: shown.map((vote) => ({
        text: rich(
          bold(vote.title),
          lineBreak(),
          vote.awaitingCastingVote
            ? 'Tied: awaiting the chair\'s casting vote'
            : `Closes ${times.format(vote.closesAt)} · ${vote.stillToVote} of ${vote.votingPartners} partners still to vote`,
          ...(vote.url ? [lineBreak(), link(vote.url, 'Open the vote and its thread')] : []),
        ),
      })),
    });
    blocks.push(...more(shown.length, content.votes.length, 'open votes'));
  }

  if (content.hallmarks) {
    blocks.push(
      { type: 'divider' },
      section('Hallmarks checklist'),
      { type: 'text', text: `${progressBar(content.hallmarks.now.MET, content.hallmarks.total)}\n${hallmarkLine(content.hallmarks)}` },
    );
  }

  const controls: ButtonView[] = [];
  if (options.canOpenUpdateForm) controls.push({ type: 'button', actionId: ACTION_IDS.openUpdateForm, label: 'Update my actions', value: {}, style: 'primary' });
  controls.push({ type: 'button', actionId: ACTION_IDS.openIndicatorList, label: 'See all indicators', value: { groupId: content.group.id } });
  controls.push({ type: 'button', actionId: ACTION_IDS.openDigestDecisions, label: 'Decision log', value: { groupId: content.group.id } });
  if (actions.atRisk.length + actions.overdue.length + actions.missingUpdates.length > 0) {
    controls.push({ type: 'button', actionId: ACTION_IDS.openDigestOverdueActions, label: 'Actions needing attention', value: { groupId: content.group.id } });
  }
  blocks.push({ type: 'actions', controls });
  return { kind: 'message', blocks, fallbackText: summaryText(content, catchUp) };
}
