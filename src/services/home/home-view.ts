// The person's home: Slack's App Home tab, and on Teams the card `csp home` sends. It shows only what
// works today: the sections and shortcut buttons features have registered, filtered by the person's roles.
import type { ActionsBlock, ButtonView, MessageView, ViewBlock } from '../../views/model.ts';
import type { ChatPlatform } from '../chat-core.ts';
import { describeMemberships } from '../help/help-feature.ts';
import { isAllowed, type ChatRegistry, type PersonContext } from '../registry.ts';
import { commandPrefixFor } from '../replies.ts';
import { unlinkedMessage } from '../access-replies.ts';
import type { IdentityResolution } from '../identity.ts';

export async function buildHomeView(registry: ChatRegistry, context: PersonContext): Promise<MessageView> {
  const blocks: ViewBlock[] = [
    { type: 'heading', text: `${context.person.partnership.name}: your CSP home` },
    { type: 'text', text: `Hello ${context.person.name}. ${describeMemberships(context)}` },
  ];
  for (const section of registry.homeSections()) {
    if (!isAllowed(section, context.roles)) continue;
    const sectionBlocks = await section.build(context);
    if (sectionBlocks.length > 0) blocks.push({ type: 'divider' }, ...sectionBlocks);
  }
  const shortcuts: ButtonView[] = registry
    .homeShortcuts()
    .filter((shortcut) => isAllowed(shortcut, context.roles) && registry.hasAction(shortcut.actionId))
    .map((shortcut) => ({
      type: 'button',
      actionId: shortcut.actionId,
      label: shortcut.label,
      ...(shortcut.value === undefined ? {} : { value: shortcut.value }),
    }));
  if (shortcuts.length > 0) {
    const row: ActionsBlock = { type: 'actions', controls: shortcuts };
    blocks.push({ type: 'divider' }, row);
  }
  blocks.push({ type: 'context', text: `Type ${context.commandPrefix} help for everything you can do.` });
  return { kind: 'message', blocks, fallbackText: `${context.person.partnership.name}: your CSP home` };
}

export function unlinkedHomeView(unlinked: Extract<IdentityResolution, { status: 'unlinked' }>, platform: ChatPlatform): MessageView {
  const body = unlinkedMessage(unlinked, platform);
  return {
    kind: 'message',
    blocks: [{ type: 'heading', text: 'Your CSP home' }, ...body.blocks, { type: 'context', text: `Once you are linked, ${commandPrefixFor(platform)} help lists what you can do.` }],
    fallbackText: 'Your CSP home: you are not linked to a partnership person yet',
  };
}
