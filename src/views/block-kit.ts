// The Slack renderer: the platform-neutral view model (model.ts) as Block Kit, with text in Slack's mrkdwn.
// Types are @slack/types' own, narrowed to the elements this renderer emits; nothing outside this file and
// src/slack needs to know Block Kit.
import type {
  ActionsBlock,
  Button,
  ConfirmationDialog,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  HomeView,
  ImageBlock as SlackImageBlock,
  InputBlock,
  ModalView,
  MrkdwnElement,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from '@slack/types';
import { encodeActionValue } from './action-value.ts';
import { SLACK_LIMITS } from './block-kit-limits.ts';
import { assertRenderableForm } from './form-checks.ts';
import { ELLIPSIS } from './limits.ts';
import { isInsideWord } from './markup-characters.ts';
import type {
  ActionControl,
  ButtonView,
  ConfirmView,
  FormErrors,
  FormField,
  FormView,
  ImageBlock,
  LabelledValue,
  ListItem,
  ListStyle,
  MessageView,
  PagedListBlock,
  RichText,
  SelectField,
  ViewBlock,
} from './model.ts';
import { ViewModelError } from './model.ts';
import { listMarker, pageSummary, pageWindow, pagingButtons } from './paging.ts';
import type { MarkupDialect } from './rich-text.ts';
import { isUnformatted, mentionFor, renderMarkup, safeLinkUrl, toPlainText, truncatePlain, wrapStyle } from './rich-text.ts';
import { fallbackText } from './view-text.ts';

type TextObject = PlainTextElement | MrkdwnElement;

/** The blocks this renderer emits: a section's accessory, an actions block's elements and a context's are buttons or text only. */
export type BlockKitBlock =
  | (Omit<SectionBlock, 'accessory'> & { accessory?: Button })
  | HeaderBlock
  | (Omit<ContextBlock, 'elements'> & { elements: TextObject[] })
  | (Omit<ActionsBlock, 'elements'> & { elements: Button[] })
  | DividerBlock
  | InputBlock
  | (SlackImageBlock & { slack_file: { id: string } });

/** chat.postMessage / chat.update arguments besides the channel. */
export interface BlockKitMessage {
  text: string;
  blocks: BlockKitBlock[];
}

type RenderedSection = Extract<BlockKitBlock, { type: 'section' }>;
type RenderedActions = Extract<BlockKitBlock, { type: 'actions' }>;

export type BlockKitModal = Omit<ModalView, 'blocks'> & { blocks: BlockKitBlock[] };
export type BlockKitHome = Omit<HomeView, 'blocks'> & { blocks: BlockKitBlock[] };

/** view_submission acknowledgements (Slack's response_action). */
export interface ResponseActionErrors {
  response_action: 'errors';
  errors: Record<string, string>;
}

export interface ResponseActionUpdate {
  response_action: 'update';
  view: BlockKitModal;
}

// ---------------------------------------------------------------- mrkdwn

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Slack mrkdwn has no escape for its formatting characters, so where one could open or close a style (not
 * between two letters or digits) it becomes a lookalike character instead.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217',
  _: '\u02CD',
  '~': '\u223C',
  '`': '\u02CB',
};

export function escapeSlackMrkdwn(text: string): string {
  return text.replace(/[&<>*_~`]/g, (character, offset: number) => {
    const entity = ENTITIES[character];
    if (entity !== undefined) return entity;
    return isInsideWord(text, offset, 1) ? character : (LOOKALIKES[character] ?? character);
  });
}

export const slackMrkdwn: MarkupDialect = {
  styledText(text, isBold, isItalic) {
    let output = escapeSlackMrkdwn(text);
    if (isItalic) output = wrapStyle(output, '_', '_');
    if (isBold) output = wrapStyle(output, '*', '*');
    return output;
  },
  link(url, label) {
    const safeUrl = safeLinkUrl(url);
    const escapedLabel = escapeSlackMrkdwn(label);
    return safeUrl === null ? escapedLabel : `<${safeUrl}|${escapedLabel}>`;
  },
  mention(displayName, identities) {
    const identity = mentionFor('SLACK', identities);
    return identity && /^[A-Z0-9]+$/.test(identity.userId)
      ? `<@${identity.userId}>`
      : escapeSlackMrkdwn(`@${displayName}`);
  },
  lineBreak: '\n',
};

// ---------------------------------------------------------------- blocks

const EMPTY_VALUE = '—';

function plain(text: string, maxLength: number): PlainTextElement {
  const trimmed = text.trim();
  return { type: 'plain_text', text: truncatePlain(trimmed.length > 0 ? trimmed : EMPTY_VALUE, maxLength), emoji: true };
}

function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

/** Literal text goes out as plain_text (shown exactly); marked-up text as escaped mrkdwn. */
function textObject(text: RichText, maxLength: number): TextObject {
  if (isUnformatted(text)) return plain(toPlainText(text), maxLength);
  return mrkdwn(renderMarkup(text, slackMrkdwn, maxLength));
}

function isBlank(text: RichText): boolean {
  return toPlainText(text).trim().length === 0;
}

function confirmDialog(confirm: ConfirmView, style: ButtonView['style']): ConfirmationDialog {
  return {
    title: plain(confirm.title, SLACK_LIMITS.confirmTitleLength),
    text: plain(confirm.text, SLACK_LIMITS.confirmTextLength),
    confirm: plain(confirm.confirmLabel, SLACK_LIMITS.confirmButtonLength),
    deny: plain(confirm.denyLabel, SLACK_LIMITS.confirmButtonLength),
    ...(style ? { style } : {}),
  };
}

function button(control: ActionControl): Button {
  const text = plain(control.label, SLACK_LIMITS.buttonTextLength);
  if (control.type === 'linkButton') {
    if (control.url.length > SLACK_LIMITS.buttonUrlLength) {
      throw new ViewModelError(`Link button URL exceeds ${SLACK_LIMITS.buttonUrlLength} characters`);
    }
    return { type: 'button', text, url: control.url };
  }
  return {
    type: 'button',
    action_id: control.actionId,
    text,
    ...(control.value !== undefined ? { value: encodeActionValue(control.value) } : {}),
    ...(control.style ? { style: control.style } : {}),
    ...(control.confirm ? { confirm: confirmDialog(control.confirm, control.style) } : {}),
  };
}

/** One actions block holds at most 25 elements and no repeated action_id; start another when either is hit. */
function actionsBlocks(controls: readonly ActionControl[]): RenderedActions[] {
  const blocks: Button[][] = [];
  let current: Button[] = [];
  for (const control of controls) {
    const element = button(control);
    const repeated =
      element.action_id !== undefined && current.some((existing) => existing.action_id === element.action_id);
    if (current.length === SLACK_LIMITS.actionsElementCount || repeated) {
      blocks.push(current);
      current = [];
    }
    current.push(element);
  }
  if (current.length > 0) blocks.push(current);
  return blocks.map((elements) => ({ type: 'actions', elements }));
}

function fieldText(entry: LabelledValue, maxLength: number): MrkdwnElement {
  const label = wrapStyle(escapeSlackMrkdwn(truncatePlain(entry.label.trim(), 200)), '*', '*');
  const room = maxLength - label.length - 1;
  const value = isBlank(entry.value) ? EMPTY_VALUE : renderMarkup(entry.value, slackMrkdwn, room);
  return mrkdwn(`${label}\n${value}`);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/** Lines packed into as few sections as the 3000-character text limit allows. */
function packedSections(lines: readonly string[]): RenderedSection[] {
  const sections: RenderedSection[] = [];
  let current = '';
  for (const line of lines) {
    const candidate = current.length === 0 ? line : `${current}\n${line}`;
    if (candidate.length <= SLACK_LIMITS.sectionTextLength) {
      current = candidate;
      continue;
    }
    if (current.length > 0) sections.push({ type: 'section', text: mrkdwn(current) });
    current = line;
  }
  if (current.length > 0) sections.push({ type: 'section', text: mrkdwn(current) });
  return sections;
}

function factLine(entry: LabelledValue): string {
  const label = wrapStyle(escapeSlackMrkdwn(`${truncatePlain(entry.label.trim(), 200)}:`), '*', '*');
  const room = SLACK_LIMITS.sectionTextLength - label.length - 1;
  const value = isBlank(entry.value) ? EMPTY_VALUE : renderMarkup(entry.value, slackMrkdwn, room);
  return `${label} ${value}`;
}

function listBlocks(items: readonly ListItem[], style: ListStyle | undefined, firstIndex: number): BlockKitBlock[] {
  const blocks: BlockKitBlock[] = [];
  let pendingLines: string[] = [];
  const flush = (): void => {
    blocks.push(...packedSections(pendingLines));
    pendingLines = [];
  };
  items.forEach((item, offset) => {
    const marker = escapeSlackMrkdwn(listMarker(style, firstIndex + offset));
    const line = marker + renderMarkup(item.text, slackMrkdwn, SLACK_LIMITS.sectionTextLength - marker.length);
    if (item.button) {
      flush();
      blocks.push({ type: 'section', text: mrkdwn(line), accessory: button(item.button) });
    } else {
      pendingLines.push(line);
    }
  });
  flush();
  return blocks;
}

function pagedListBlocks(block: PagedListBlock): BlockKitBlock[] {
  const window = pageWindow(block);
  const blocks: BlockKitBlock[] = [];
  if (block.title !== undefined && block.title.trim().length > 0) {
    blocks.push({ type: 'section', text: mrkdwn(wrapStyle(escapeSlackMrkdwn(truncatePlain(block.title, 2000)), '*', '*')) });
  }
  if (window.total === 0) {
    blocks.push({ type: 'section', text: plain(block.emptyText ?? 'Nothing to show.', SLACK_LIMITS.sectionTextLength) });
    return blocks;
  }
  blocks.push(...listBlocks(window.items, block.style, window.start));
  blocks.push({ type: 'context', elements: [plain(pageSummary(window), SLACK_LIMITS.contextTextLength)] });
  const buttons = pagingButtons(block, window);
  if (buttons.length > 0) blocks.push(...actionsBlocks(buttons));
  return blocks;
}

/**
 * Slack file ids of the view's images, uploaded by the Slack adapter before the message is posted (an image
 * block can only reference a file Slack holds). An image without one is shown as its alt text.
 */
export type SlackFileIds = ReadonlyMap<ImageBlock, string>;
const NO_FILES: SlackFileIds = new Map();

function imageBlocks(block: ImageBlock, fileIds: SlackFileIds): BlockKitBlock[] {
  const id = fileIds.get(block);
  if (!id) return [{ type: 'context', elements: [plain(`Chart: ${block.altText}`, SLACK_LIMITS.contextTextLength)] }];
  return [{
    type: 'image',
    slack_file: { id },
    alt_text: truncatePlain(block.altText, SLACK_LIMITS.imageAltTextLength),
    ...(block.title ? { title: plain(block.title, SLACK_LIMITS.imageAltTextLength) } : {}),
  }];
}

function displayBlocks(block: ViewBlock, fileIds: SlackFileIds): BlockKitBlock[] {
  switch (block.type) {
    case 'image':
      return imageBlocks(block, fileIds);
    case 'heading':
      return block.text.trim().length === 0 ? [] : [{ type: 'header', text: plain(block.text, SLACK_LIMITS.headerTextLength) }];
    case 'text': {
      if (isBlank(block.text) && !block.accessory) return [];
      const text = isBlank(block.text) ? plain(EMPTY_VALUE, 1) : textObject(block.text, SLACK_LIMITS.sectionTextLength);
      return [{ type: 'section', text, ...(block.accessory ? { accessory: button(block.accessory) } : {}) }];
    }
    case 'context':
      return isBlank(block.text)
        ? []
        : [{ type: 'context', elements: [textObject(block.text, SLACK_LIMITS.contextTextLength)] }];
    case 'fields':
      return chunk(block.fields, SLACK_LIMITS.sectionFieldCount).map((fields) => ({
        type: 'section',
        fields: fields.map((field) => fieldText(field, SLACK_LIMITS.sectionFieldLength)),
      }));
    case 'facts':
      return packedSections(block.facts.map(factLine));
    case 'list':
      return listBlocks(block.items, block.style, 0);
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return actionsBlocks(block.controls);
    case 'pagedList':
      return pagedListBlocks(block);
  }
}

function isProtected(block: BlockKitBlock): boolean {
  return block.type === 'actions' || block.type === 'input' || block.type === 'header';
}

/**
 * Keeps a block list within the surface's limit: content blocks are dropped from the end (buttons, inputs
 * and headers stay) and a context note says how many were left out.
 */
function fitBlockBudget(blocks: readonly BlockKitBlock[], limit: number): BlockKitBlock[] {
  if (blocks.length <= limit) return [...blocks];
  const kept = [...blocks];
  let toRemove = blocks.length - (limit - 1);
  let removed = 0;
  let notePosition = kept.length;
  for (let index = kept.length - 1; index >= 0 && toRemove > 0; index -= 1) {
    const block = kept[index];
    if (block && !isProtected(block)) {
      kept.splice(index, 1);
      notePosition = index;
      toRemove -= 1;
      removed += 1;
    }
  }
  if (toRemove > 0) {
    throw new ViewModelError(`View needs ${blocks.length} blocks of which too many are buttons or inputs for the limit of ${limit}`);
  }
  const note = `${ELLIPSIS} ${removed} more part${removed === 1 ? '' : 's'} not shown: the message was too long.`;
  kept.splice(notePosition, 0, { type: 'context', elements: [plain(note, SLACK_LIMITS.contextTextLength)] });
  return kept;
}

function renderViewBlocks(blocks: readonly ViewBlock[], limit: number, fileIds: SlackFileIds = NO_FILES): BlockKitBlock[] {
  return fitBlockBudget(blocks.flatMap((block) => displayBlocks(block, fileIds)), limit);
}

export function renderBlockKit(view: MessageView, fileIds: SlackFileIds = NO_FILES): BlockKitMessage {
  return {
    text: truncatePlain(view.fallbackText ?? fallbackText(view), SLACK_LIMITS.fallbackTextLength),
    blocks: renderViewBlocks(view.blocks, SLACK_LIMITS.blocksPerMessage, fileIds),
  };
}

export function renderSlackHome(view: MessageView): BlockKitHome {
  return { type: 'home', blocks: renderViewBlocks(view.blocks, SLACK_LIMITS.blocksPerHome) };
}

/** The image blocks of a view, for the adapter to upload before rendering. */
export function viewImages(view: MessageView): ImageBlock[] {
  return view.blocks.filter((block): block is ImageBlock => block.type === 'image');
}

function option(entry: SelectField['options'][number]): PlainTextOption {
  return { text: plain(entry.label, SLACK_LIMITS.optionTextLength), value: entry.value };
}

/** At most 100 options; if the initial option falls beyond them it takes the last place. */
function selectOptions(field: SelectField): PlainTextOption[] {
  const limit = SLACK_LIMITS.staticSelectOptionCount;
  const options = field.options.slice(0, limit);
  const initial = field.options.find((entry) => entry.value === field.initialValue);
  if (initial && !options.includes(initial)) options[limit - 1] = initial;
  return options.map(option);
}

function inputElement(field: FormField): InputBlock['element'] {
  const placeholder =
    'placeholder' in field && field.placeholder ? { placeholder: plain(field.placeholder, SLACK_LIMITS.placeholderLength) } : {};
  switch (field.type) {
    case 'textInput': {
      const maxLength = Math.min(field.maxLength ?? SLACK_LIMITS.plainTextInputMaxLength, SLACK_LIMITS.plainTextInputMaxLength);
      return {
        type: 'plain_text_input',
        action_id: field.id,
        ...(field.multiline ? { multiline: true } : {}),
        ...(field.maxLength !== undefined ? { max_length: maxLength } : {}),
        ...(field.initialValue ? { initial_value: Array.from(field.initialValue).slice(0, maxLength).join('') } : {}),
        ...placeholder,
      };
    }
    case 'numberInput':
      return {
        type: 'number_input',
        action_id: field.id,
        is_decimal_allowed: field.allowDecimal ?? false,
        ...(field.initialValue !== undefined ? { initial_value: String(field.initialValue) } : {}),
        ...(field.min !== undefined ? { min_value: String(field.min) } : {}),
        ...(field.max !== undefined ? { max_value: String(field.max) } : {}),
        ...placeholder,
      };
    case 'select': {
      const options = selectOptions(field);
      const initial = options.find((entry) => entry.value === field.initialValue);
      return {
        type: 'static_select',
        action_id: field.id,
        options,
        ...(initial ? { initial_option: initial } : {}),
        ...placeholder,
      };
    }
    case 'datePicker':
      return {
        type: 'datepicker',
        action_id: field.id,
        ...(field.initialDate ? { initial_date: field.initialDate } : {}),
        ...placeholder,
      };
  }
}

function inputBlock(field: FormField): InputBlock {
  return {
    type: 'input',
    block_id: field.id,
    label: plain(field.label, SLACK_LIMITS.inputLabelLength),
    element: inputElement(field),
    optional: !(field.required ?? false),
    ...(field.hint ? { hint: plain(field.hint, SLACK_LIMITS.inputHintLength) } : {}),
  };
}

function errorContext(message: string): BlockKitBlock {
  return { type: 'context', elements: [plain(`⚠️ ${message}`, SLACK_LIMITS.contextTextLength)] };
}

function encodeMetadata(form: FormView): string {
  if (form.metadata === undefined) return '';
  const encoded = JSON.stringify(form.metadata);
  if (encoded.length > SLACK_LIMITS.privateMetadataLength) {
    throw new ViewModelError(`Form metadata is ${encoded.length} characters; Slack allows ${SLACK_LIMITS.privateMetadataLength}`);
  }
  return encoded;
}

/** views.open / views.update body. Errors in `form.errors` show as a banner and as notes under their inputs. */
export function renderSlackModal(form: FormView): BlockKitModal {
  assertRenderableForm(form);
  const blocks: BlockKitBlock[] = [];
  if (form.errors?.form) {
    blocks.push({ type: 'section', text: plain(`⚠️ ${form.errors.form}`, SLACK_LIMITS.sectionTextLength) });
  }
  blocks.push(...(form.intro ?? []).flatMap((block) => displayBlocks(block, NO_FILES)));
  for (const field of form.fields) {
    blocks.push(inputBlock(field));
    const fieldError = form.errors?.fields?.[field.id];
    if (fieldError) blocks.push(errorContext(fieldError));
  }
  return {
    type: 'modal',
    callback_id: form.submitActionId,
    private_metadata: encodeMetadata(form),
    title: plain(form.title, SLACK_LIMITS.modalTitleLength),
    submit: plain(form.submitLabel, SLACK_LIMITS.modalButtonLength),
    close: plain(form.closeLabel ?? 'Cancel', SLACK_LIMITS.modalButtonLength),
    blocks: fitBlockBudget(blocks, SLACK_LIMITS.blocksPerModal),
  };
}

const ERROR_MESSAGE_LENGTH = 2000;

/**
 * The view_submission acknowledgement that shows inline errors. Slack has no form-level slot there, so the
 * form error is put on the first input (use slackResponseActionUpdate for a banner instead).
 */
export function slackResponseActionErrors(form: FormView, errors: FormErrors): ResponseActionErrors {
  const messages: Record<string, string> = {};
  for (const field of form.fields) {
    const message = errors.fields?.[field.id];
    if (message) messages[field.id] = truncatePlain(message, ERROR_MESSAGE_LENGTH);
  }
  const firstField = form.fields[0];
  if (errors.form && firstField) {
    const own = messages[firstField.id];
    messages[firstField.id] = truncatePlain(own ? `${errors.form} — ${own}` : errors.form, ERROR_MESSAGE_LENGTH);
  }
  return { response_action: 'errors', errors: messages };
}

/** The view_submission acknowledgement that redraws the modal with `errors` shown (banner plus notes). */
export function slackResponseActionUpdate(form: FormView, errors: FormErrors): ResponseActionUpdate {
  return { response_action: 'update', view: renderSlackModal({ ...form, errors }) };
}
