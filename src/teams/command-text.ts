// Turns a Teams message into the command text the core expects: the bot's own @mention and a leading
// "csp" are removed, and mentions of other people become mention tokens (`<@aadObjectId|Name>`).
import { z } from 'zod';
import { formatMentionToken } from '../services/chat-core.ts';

const mentionEntity = z
  .object({
    type: z.literal('mention'),
    mentioned: z.object({ id: z.string().min(1), name: z.string().optional() }).loose(),
    text: z.string().optional(),
  })
  .loose();

type MentionEntity = z.infer<typeof mentionEntity>;

function mentionEntities(entities: unknown): MentionEntity[] {
  if (!Array.isArray(entities)) return [];
  return entities.flatMap((entity) => {
    const parsed = mentionEntity.safeParse(entity);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Teams sends the bot id as `28:<app id>`; some clients omit the prefix. */
function sameBot(id: string, botId: string): boolean {
  const bare = (value: string) => value.replace(/^28:/, '').toLowerCase();
  return bare(id) === bare(botId);
}

function mentionMarkup(entity: MentionEntity): string | undefined {
  if (entity.text) return entity.text;
  return entity.mentioned.name ? `<at>${entity.mentioned.name}</at>` : undefined;
}

/** Looks up the AAD object id of a mentioned user (`29:…` id); undefined when it cannot be found. */
type MentionResolver = (mentionedId: string) => Promise<string | undefined>;

export interface CommandTextInput {
  text: string | undefined;
  entities: unknown;
  botId: string | undefined;
  /** The bot's display name (`recipient.name`), for a mention that came without its entity. */
  botName?: string;
  resolveMention?: MentionResolver;
}

export async function commandTextFromMessage(input: CommandTextInput): Promise<string> {
  let text = input.text ?? '';
  for (const entity of mentionEntities(input.entities)) {
    const markup = mentionMarkup(entity);
    if (!markup) continue;
    if (input.botId && sameBot(entity.mentioned.id, input.botId)) {
      text = text.split(markup).join(' ');
      continue;
    }
    if (!text.includes(markup)) continue;
    const name = entity.mentioned.name ?? markup.replace(/<\/?at>/g, '');
    const userId = await input.resolveMention?.(entity.mentioned.id);
    text = text.split(markup).join(userId ? formatMentionToken(userId, name) : `@${name}`);
  }
  if (input.botName) text = text.split(`<at>${input.botName}</at>`).join(' ');
  text = text
    .replace(/<at>(.*?)<\/at>/g, '@$1')
    .replace(/[\u00a0\u2007\u202f\u200b]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.replace(/^csp(?=$|[\s:,])[\s:,]*/i, '').trim();
}
