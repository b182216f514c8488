// Names for the work of one Slack request, as a shutdown that could not finish it logs them: what kind of
// request, the sub-command, button or form, and who sent it. Never the text a person typed beyond the
// sub-command's name.

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The first word of the command text (the sub-command), kept short and printable. */
function subCommand(commandText: unknown): string | undefined {
  const first = text(commandText)?.trim().split(/\s+/)[0];
  if (!first) return undefined;
  const printable = first.replace(/[^\p{L}\p{N}_.:-]/gu, '');
  return printable === '' ? undefined : printable.slice(0, 32);
}

export function describeSlackRequest(body: unknown): string {
  const command = text(field(body, 'command'));
  if (command) {
    const sub = subCommand(field(body, 'text'));
    return `slack command ${command}${sub ? ` ${sub}` : ''} from ${text(field(body, 'user_id')) ?? 'unknown user'}`;
  }
  const type = text(field(body, 'type')) ?? 'request';
  const user = text(field(field(body, 'user'), 'id'));
  const from = user ? ` from ${user}` : '';
  if (type === 'block_actions') {
    const actions = field(body, 'actions');
    const actionId = Array.isArray(actions) ? text(field(actions[0], 'action_id')) : undefined;
    return `slack click ${actionId ?? 'unknown button'}${from}`;
  }
  if (type === 'view_submission' || type === 'view_closed') {
    return `slack form ${text(field(field(body, 'view'), 'callback_id')) ?? 'unknown form'}${type === 'view_closed' ? ' closed' : ''}${from}`;
  }
  if (type === 'event_callback') {
    const event = field(body, 'event');
    const eventUser = text(field(event, 'user'));
    return `slack event ${text(field(event, 'type')) ?? 'unknown'}${eventUser ? ` from ${eventUser}` : ''}`;
  }
  return `slack ${type}${from}`;
}
