// `/csp help`: one line and one example per command the person may use, given their roles. Also the
// reply to an unknown sub-command, with the closest command they may use ("Did you mean …?").
import { ACTION_IDS } from '../../views/action-ids.ts';
import type { DisplayBlock, Inline, ListItem, MessageView } from '../../views/model.ts';
import { bold, italic, lineBreak, rich } from '../../views/model.ts';
import { closestMatch } from '../closest-match.ts';
import { isAllowed, type ChatFeature, type ChatRegistry, type PersonContext } from '../registry.ts';
import { message, privateReply } from '../replies.ts';
import { roleLabel } from '../roles.ts';

export function describeMemberships(context: PersonContext): string {
  if (context.memberships.length === 0) return 'You are not a member of any group yet.';
  const parts = context.memberships.map((membership) => `${roleLabel(membership.role)} of ${membership.group.name}`);
  return `You are ${parts.join('; ')}.`;
}

function commandLine(prefix: string, name: string, usage: string): string {
  return [prefix, name, usage].filter((part) => part.length > 0).join(' ');
}

function helpBlocks(registry: ChatRegistry, context: PersonContext): DisplayBlock[] {
  const prefix = context.commandPrefix;
  const items: ListItem[] = registry
    .commands()
    .filter((command) => isAllowed(command, context.roles))
    .map((command) => ({
      text: rich(
        bold(commandLine(prefix, command.name, command.usage)),
        ` — ${command.summary}`,
        lineBreak(),
        italic(`Example: ${commandLine(prefix, command.example, '')}`),
      ),
    }));
  return [
    { type: 'heading', text: 'What you can do with the CSP bot' },
    { type: 'context', text: `${context.person.name}, ${context.person.partnership.name}. ${describeMemberships(context)}` },
    { type: 'list', items },
  ];
}

function helpMessage(registry: ChatRegistry, context: PersonContext): MessageView {
  return message(...helpBlocks(registry, context));
}

/** Help for a sub-command that does not exist, led by the closest command the person may use. */
export function unknownCommandMessage(registry: ChatRegistry, context: PersonContext, typed: string): MessageView {
  const names = registry
    .commands()
    .filter((command) => isAllowed(command, context.roles))
    .flatMap((command) => [command.name, ...(command.aliases ?? [])]);
  const suggestion = closestMatch(typed, names);
  const canonical = suggestion === undefined ? undefined : (registry.findCommand(suggestion)?.name ?? suggestion);
  const lead: Inline[] = rich('I don\'t know ', bold(`${context.commandPrefix} ${typed}`), '.');
  if (canonical !== undefined) lead.push(...rich(' Did you mean ', bold(`${context.commandPrefix} ${canonical}`), '?'));
  return message({ type: 'text', text: lead }, ...helpBlocks(registry, context));
}

export const helpFeature: ChatFeature = {
  name: 'help',
  register(registry) {
    registry.command({
      name: 'help',
      summary: 'Lists what you can do here, with an example of each.',
      usage: '',
      example: 'help',
      run: async (context) => [privateReply(helpMessage(registry, context))],
    });
    registry.action({
      actionId: ACTION_IDS.help,
      run: async (context) => [privateReply(helpMessage(registry, context))],
    });
    registry.homeShortcut({ label: 'Help', actionId: ACTION_IDS.help, order: 1000 });
  },
};
