// Names for the work of one Teams activity, as a shutdown that could not finish it logs them: the kind of
// activity, the command or card verb, and who sent it. Never the text a person typed beyond the command's name.

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function printable(word: string | undefined): string | undefined {
  const cleaned = word?.replace(/[^\p{L}\p{N}_.:-]/gu, '').slice(0, 32);
  return cleaned ? cleaned : undefined;
}

/** The first word typed after any <at>mention</at> of the bot. */
function commandWord(messageText: string | undefined): string | undefined {
  const withoutMentions = messageText?.replace(/<at>[^<]*<\/at>/g, ' ').trim();
  return printable(withoutMentions?.split(/\s+/)[0]);
}

export function describeTeamsActivity(activity: Record<string, unknown>): string {
  const from = field(activity, 'from');
  const sender = text(field(from, 'aadObjectId')) ?? text(field(from, 'id'));
  const by = sender ? ` from ${sender}` : '';
  const type = text(activity.type) ?? 'activity';
  if (type === 'invoke') {
    const verb = printable(text(field(field(field(activity, 'value'), 'action'), 'verb')));
    return `teams ${text(activity.name) ?? 'invoke'}${verb ? ` ${verb}` : ''}${by}`;
  }
  if (type === 'message') {
    const word = commandWord(text(activity.text));
    if (word) return `teams command ${word}${by}`;
    const value = field(activity, 'value');
    if (typeof value === 'object' && value !== null) return `teams card submit${by}`;
    return `teams message${by}`;
  }
  return `teams ${type}${by}`;
}
