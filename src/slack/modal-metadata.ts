// Slack modals have no conversation of their own. The conversation a form was opened from travels with the
// form's own metadata in `private_metadata` (at most 3000 characters), and comes back on view_submission.
import { z } from 'zod';
import type { ChatConversation } from '../services/chat-core.ts';
import { SLACK_LIMITS } from '../views/block-kit-limits.ts';
import { ViewModelError, type ActionValue } from '../views/model.ts';

const envelopeSchema = z.object({
  csp: z.literal(1),
  c: z.object({
    w: z.string().min(1),
    ch: z.string().min(1),
    k: z.enum(['personal', 'channel', 'group']),
    t: z.string().optional(),
    n: z.string().optional(),
  }),
  m: z.json().optional(),
});

export interface ModalContext {
  conversation: ChatConversation;
  metadata?: ActionValue;
}

export function encodeModalMetadata(conversation: ChatConversation, metadata: ActionValue | undefined): string {
  const build = (withName: boolean) =>
    JSON.stringify({
      csp: 1,
      c: {
        w: conversation.workspaceId,
        ch: conversation.channelId,
        k: conversation.kind,
        ...(conversation.threadId ? { t: conversation.threadId } : {}),
        ...(withName && conversation.name ? { n: conversation.name } : {}),
      },
      ...(metadata !== undefined ? { m: metadata } : {}),
    });
  const full = build(true);
  if (full.length <= SLACK_LIMITS.privateMetadataLength) return full;
  const withoutName = build(false);
  if (withoutName.length <= SLACK_LIMITS.privateMetadataLength) return withoutName;
  throw new ViewModelError(
    `Form metadata and its conversation need ${withoutName.length} characters; Slack's private_metadata allows ${SLACK_LIMITS.privateMetadataLength}`,
  );
}

/** Undefined for modals this adapter did not open (or metadata that was tampered with into another shape). */
export function decodeModalMetadata(privateMetadata: string): ModalContext | undefined {
  if (!privateMetadata) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(privateMetadata);
  } catch {
    return undefined;
  }
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { c, m } = parsed.data;
  return {
    conversation: {
      platform: 'SLACK',
      workspaceId: c.w,
      channelId: c.ch,
      kind: c.k,
      ...(c.t ? { threadId: c.t } : {}),
      ...(c.n ? { name: c.n } : {}),
    },
    ...(m !== undefined ? { metadata: m as ActionValue } : {}),
  };
}
