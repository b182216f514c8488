// The polite refusals: for a chat user the bot cannot place, and for a person whose roles do not allow
// what they asked. Both say who can help, by name when the secretariat is known.
import type { Inline, MessageView } from '../views/model.ts';
import { bold, rich } from '../views/model.ts';
import type { ChatPlatform } from './chat-core.ts';
import type { IdentityResolution, SecretariatContact } from './identity.ts';
import { commandPrefixFor, message } from './replies.ts';
import { describeRoles, type MembershipRoleName } from './roles.ts';

type Unlinked = Extract<IdentityResolution, { status: 'unlinked' }>;

const PROFILE_NAME: Readonly<Record<ChatPlatform, string>> = { SLACK: 'Slack', TEAMS: 'Microsoft Teams' };

export function describeContacts(contacts: readonly SecretariatContact[]): string {
  return contacts
    .map((contact) => (contact.organisation ? `${contact.name} (${contact.organisation})` : contact.name))
    .join(', ');
}

function reasonText(unlinked: Unlinked, platform: ChatPlatform): string {
  switch (unlinked.reason) {
    case 'NO_EMAIL':
      return `I couldn't read an email address from your ${PROFILE_NAME[platform]} profile to find you.`;
    case 'NO_MATCH':
      return `The email address on your ${PROFILE_NAME[platform]} profile isn't on ${unlinked.partnership ? `${unlinked.partnership.name}'s` : 'any partnership\'s'} list of people.`;
    case 'AMBIGUOUS':
      return 'More than one person on the partnership\'s list has your email address, so I can\'t tell which one is you.';
  }
}

/** What an unlinked chat user is told, whatever they asked for. */
export function unlinkedMessage(unlinked: Unlinked, platform: ChatPlatform): MessageView {
  const prefix = commandPrefixFor(platform);
  const linkCommand = bold(`${prefix} link @you <your email>`);
  const howTo: Inline[] =
    unlinked.secretariat.length > 0
      ? rich(
          `Please ask ${unlinked.partnership?.name ?? 'the partnership'}'s secretariat to link you: `,
          bold(describeContacts(unlinked.secretariat)),
          '. They can do it with ',
          linkCommand,
          '.',
        )
      : rich(
          'Please ask your partnership\'s secretariat to link you. They can do it with ',
          linkCommand,
          ' once you are on the partnership\'s list of people.',
        );
  return message(
    { type: 'text', text: rich(bold('I don\'t know who you are in the partnership yet'), ', so I can\'t do that for you.') },
    { type: 'text', text: reasonText(unlinked, platform) },
    { type: 'text', text: howTo },
  );
}

/** Refusal for a person whose roles do not allow the request. */
export function notAllowedMessage(what: string, roles: readonly MembershipRoleName[], secretariat: readonly SecretariatContact[]): MessageView {
  const who = roles.length > 0 ? `the ${describeRoles(roles)}` : 'other people';
  const ask = secretariat.length > 0
    ? `If you think you should be able to, please ask the secretariat: ${describeContacts(secretariat)}.`
    : 'If you think you should be able to, please ask your partnership\'s secretariat.';
  return message(
    { type: 'text', text: rich('Sorry, ', bold(what), ` is only for ${who}.`) },
    { type: 'context', text: ask },
  );
}
