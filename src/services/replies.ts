// Small builders for the replies every feature sends, so the wording and shape stay the same everywhere.
import type { DisplayBlock, MessageView, RichText } from '../views/model.ts';
import type { ChatPlatform, PostResult, PrivateReplyResult } from './chat-core.ts';

export function message(...blocks: DisplayBlock[]): MessageView {
  return { kind: 'message', blocks };
}

export function textMessage(text: RichText, hint?: RichText): MessageView {
  return message({ type: 'text', text }, ...(hint === undefined ? [] : [{ type: 'context', text: hint } as const]));
}

export function privateReply(view: MessageView): PrivateReplyResult {
  return { type: 'privateReply', message: view };
}

export function privateText(text: RichText, hint?: RichText): PrivateReplyResult {
  return privateReply(textMessage(text, hint));
}

export function post(view: MessageView, options: { inThread?: boolean } = {}): PostResult {
  return options.inThread ? { type: 'post', message: view, inThread: true } : { type: 'post', message: view };
}

export function commandPrefixFor(platform: ChatPlatform): string {
  return platform === 'SLACK' ? '/csp' : 'csp';
}
