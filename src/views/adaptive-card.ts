import type {
  AcAction,
  AcActionData,
  AcActionSet,
  AcColumnSet,
  AcElement,
  AcExecuteAction,
  AcInput,
  AcSubmitAction,
  AcTextBlock,
  AdaptiveCard,
} from './adaptive-card-types.ts';
import { DIALOG_OPENERS } from './action-ids.ts';
import { encodeActionValue } from './action-value.ts';
import { assertRenderableForm } from './form-checks.ts';
import { ELLIPSIS, TEAMS_LIMITS, VIEW_LIMITS } from './limits.ts';
import type {
  ActionControl,
  ActionValue,
  ButtonView,
  FormField,
  FormView,
  LabelledValue,
  ListItem,
  ListStyle,
  PagedListBlock,
  RichText,
  View,
  ViewBlock,
} from './model.ts';
import { ViewModelError } from './model.ts';
import { listMarker, pageSummary, pageWindow, pagingButtons } from './paging.ts';
import type { MarkupDialect } from './rich-text.ts';
import { renderMarkup, toPlainText, truncatePlain } from './rich-text.ts';
import type { TeamsMentionEntity } from './teams-markup.ts';
import { createTeamsMarkdown, escapeTeamsMarkdown } from './teams-markup.ts';

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** The default host config allows 5 actions per set; Teams allows 6. */
const ACTIONS_PER_SET = 5;
/** The same text budgets as every platform's, so one view reads the same on all. */
const TEXT_LENGTH = VIEW_LIMITS.textLength;
const LABEL_LENGTH = 200;
const EMPTY_VALUE = '—';
/** Room kept for the "parts not shown" note while estimating. */
const NOTE_ALLOWANCE = 200;

function textBlock(text: string, options: Omit<AcTextBlock, 'type' | 'text' | 'wrap'> = {}): AcTextBlock {
  return { type: 'TextBlock', text, wrap: true, ...options };
}

function actionData(verb: string, value: ActionValue | undefined): AcActionData {
  if (value === undefined) return { verb };
  encodeActionValue(value);
  return { verb, payload: value };
}

function actionStyle(style: ButtonView['style']): { style?: 'positive' | 'destructive' } {
  if (style === 'primary') return { style: 'positive' };
  if (style === 'danger') return { style: 'destructive' };
  return {};
}

function executeAction(title: string, verb: string, value: ActionValue | undefined, style: ButtonView['style']): AcExecuteAction {
  const data = actionData(verb, value);
  const label = truncatePlain(title.trim() || EMPTY_VALUE, VIEW_LIMITS.buttonLabelLength);
  return {
    type: 'Action.Execute',
    title: label,
    verb,
    data,
    ...actionStyle(style),
    fallback: { type: 'Action.Submit', title: label, data, ...actionStyle(style) },
  };
}

/**
 * Where a card is shown. On a message, buttons are Action.Execute, except those that open a form: they open a
 * Teams dialog (Action.Submit with `msteams.type: task/fetch`). Inside a dialog every button is an Action.Submit,
 * which Teams sends as `task/submit` with the dialog's inputs merged into its data.
 */
export type CardSurface = 'message' | 'dialog';

function submitAction(title: string, verb: string, value: ActionValue | undefined, style: ButtonView['style'], surface: CardSurface): AcSubmitAction {
  const data = actionData(verb, value);
  const label = truncatePlain(title.trim() || EMPTY_VALUE, VIEW_LIMITS.buttonLabelLength);
  const opensDialog = surface === 'message' && DIALOG_OPENERS.has(verb);
  return { type: 'Action.Submit', title: label, data: opensDialog ? { ...data, msteams: { type: 'task/fetch' } } : data, ...actionStyle(style) };
}

function buttonAction(title: string, verb: string, value: ActionValue | undefined, style: ButtonView['style'], surface: CardSurface): AcExecuteAction | AcSubmitAction {
  if (surface === 'dialog' || DIALOG_OPENERS.has(verb)) return submitAction(title, verb, value, style, surface);
  return executeAction(title, verb, value, style);
}

/** Buttons that need confirming open an inline card holding the question and the real button. */
function action(control: ActionControl, surface: CardSurface): AcAction {
  const title = truncatePlain(control.label.trim() || EMPTY_VALUE, VIEW_LIMITS.buttonLabelLength);
  if (control.type === 'linkButton') return { type: 'Action.OpenUrl', title, url: control.url };
  const button = buttonAction(control.label, control.actionId, control.value, control.style, surface);
  if (!control.confirm) return button;
  return {
    type: 'Action.ShowCard',
    title,
    ...actionStyle(control.style),
    card: {
      type: 'AdaptiveCard',
      body: [
        textBlock(escapeTeamsMarkdown(truncatePlain(control.confirm.title, VIEW_LIMITS.confirmTitleLength)), { weight: 'Bolder' }),
        textBlock(escapeTeamsMarkdown(truncatePlain(control.confirm.text, VIEW_LIMITS.confirmTextLength))),
      ],
      actions: [buttonAction(control.confirm.confirmLabel, control.actionId, control.value, control.style, surface)],
    },
  };
}

function actionSets(controls: readonly ActionControl[], surface: CardSurface): AcActionSet[] {
  const sets: AcActionSet[] = [];
  for (let index = 0; index < controls.length; index += ACTIONS_PER_SET) {
    sets.push({ type: 'ActionSet', actions: controls.slice(index, index + ACTIONS_PER_SET).map((control) => action(control, surface)) });
  }
  return sets;
}

class CardBuilder {
  private readonly markdown = createTeamsMarkdown();
  readonly body: AcElement[] = [];
  private separatorPending = false;

  constructor(readonly surface: CardSurface) {}

  get dialect(): MarkupDialect {
    return this.markdown.dialect;
  }

  get entities(): readonly TeamsMentionEntity[] {
    return this.markdown.entities;
  }

  markup(text: RichText, maxLength: number = TEXT_LENGTH): string {
    return toPlainText(text).trim().length === 0 ? EMPTY_VALUE : renderMarkup(text, this.dialect, maxLength);
  }

  divider(): void {
    this.separatorPending = this.body.length > 0;
  }

  push(...elements: AcElement[]): void {
    for (const element of elements) {
      if (this.separatorPending) {
        this.body.push({ ...element, separator: true, spacing: 'Medium' });
        this.separatorPending = false;
      } else {
        this.body.push(element);
      }
    }
  }

  withButton(content: AcTextBlock, button: ButtonView): AcColumnSet {
    return {
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: [content], verticalContentAlignment: 'Center' },
        { type: 'Column', width: 'auto', items: [{ type: 'ActionSet', actions: [action(button, this.surface)] }] },
      ],
    };
  }

  labelled(entry: LabelledValue): { title: string; value: string } {
    return {
      title: escapeTeamsMarkdown(truncatePlain(entry.label.trim(), LABEL_LENGTH)),
      value: this.markup(entry.value, VIEW_LIMITS.fieldValueLength),
    };
  }

  list(items: readonly ListItem[], style: ListStyle | undefined, firstIndex: number): void {
    items.forEach((item, offset) => {
      const marker = escapeTeamsMarkdown(listMarker(style, firstIndex + offset));
      const content = textBlock(marker + this.markup(item.text, TEXT_LENGTH - marker.length), {
        spacing: offset === 0 ? 'Default' : 'Small',
      });
      this.push(item.button ? this.withButton(content, item.button) : content);
    });
  }

  pagedList(block: PagedListBlock): void {
    const window = pageWindow(block);
    if (block.title?.trim()) {
      this.push(textBlock(escapeTeamsMarkdown(truncatePlain(block.title, LABEL_LENGTH)), { weight: 'Bolder' }));
    }
    if (window.total === 0) {
      this.push(textBlock(escapeTeamsMarkdown(block.emptyText ?? 'Nothing to show.')));
      return;
    }
    this.list(window.items, block.style, window.start);
    this.push(textBlock(escapeTeamsMarkdown(pageSummary(window)), { size: 'Small', isSubtle: true }));
    const buttons = pagingButtons(block, window);
    if (buttons.length > 0) this.push(...actionSets(buttons, this.surface));
  }

  block(block: ViewBlock): void {
    switch (block.type) {
      case 'heading':
        if (block.text.trim()) {
          this.push(
            textBlock(escapeTeamsMarkdown(truncatePlain(block.text, VIEW_LIMITS.headingLength)), {
              style: 'heading',
              size: 'Large',
              weight: 'Bolder',
            }),
          );
        }
        return;
      case 'text': {
        const hasText = toPlainText(block.text).trim().length > 0;
        if (!hasText && !block.accessory) return;
        const content = textBlock(this.markup(block.text));
        this.push(block.accessory ? this.withButton(content, block.accessory) : content);
        return;
      }
      case 'context':
        if (toPlainText(block.text).trim()) {
          this.push(textBlock(this.markup(block.text), { size: 'Small', isSubtle: true }));
        }
        return;
      case 'fields':
        for (let index = 0; index < block.fields.length; index += 2) {
          const pair = block.fields.slice(index, index + 2).map((field) => this.labelled(field));
          this.push({
            type: 'ColumnSet',
            columns: pair.map((field) => ({
              type: 'Column',
              width: 'stretch',
              items: [textBlock(field.title, { weight: 'Bolder' }), textBlock(field.value, { spacing: 'None' })],
            })),
          });
        }
        return;
      case 'facts':
        if (block.facts.length > 0) this.push({ type: 'FactSet', facts: block.facts.map((fact) => this.labelled(fact)) });
        return;
      case 'list':
        this.list(block.items, block.style, 0);
        return;
      case 'divider':
        this.divider();
        return;
      case 'actions':
        this.push(...actionSets(block.controls, this.surface));
        return;
      case 'pagedList':
        this.pagedList(block);
        return;
      case 'image':
        this.push({
          type: 'Image',
          url: `data:image/png;base64,${Buffer.from(block.png).toString('base64')}`,
          altText: truncatePlain(block.altText, VIEW_LIMITS.textLength),
          size: 'Auto',
        });
        return;
    }
  }

  card(): AdaptiveCard {
    return {
      $schema: SCHEMA,
      type: 'AdaptiveCard',
      version: '1.5',
      body: this.body,
      msteams: { width: 'Full', ...(this.entities.length > 0 ? { entities: this.entities } : {}) },
    };
  }
}

function input(field: FormField): AcInput {
  const common = {
    id: field.id,
    label: truncatePlain(field.label.trim() || field.id, VIEW_LIMITS.fieldLabelLength),
    ...(field.required
      ? { isRequired: true, errorMessage: field.requiredMessage ?? `${field.label.trim() || field.id} is required` }
      : {}),
  };
  switch (field.type) {
    case 'textInput':
      return {
        type: 'Input.Text',
        ...common,
        ...(field.multiline ? { isMultiline: true } : {}),
        ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}),
        ...(field.initialValue ? { value: field.initialValue } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
      };
    case 'numberInput':
      return {
        type: 'Input.Number',
        ...common,
        ...(field.initialValue !== undefined ? { value: field.initialValue } : {}),
        ...(field.min !== undefined ? { min: field.min } : {}),
        ...(field.max !== undefined ? { max: field.max } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
      };
    case 'select':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: 'compact',
        choices: field.options.map((option) => ({ title: truncatePlain(option.label, VIEW_LIMITS.optionLabelLength), value: option.value })),
        ...(field.initialValue !== undefined && field.options.some((option) => option.value === field.initialValue)
          ? { value: field.initialValue }
          : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
      };
    case 'datePicker':
      return {
        type: 'Input.Date',
        ...common,
        ...(field.initialDate ? { value: field.initialDate } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
      };
  }
}

function errorText(message: string, options: Omit<AcTextBlock, 'type' | 'text' | 'wrap'> = {}): AcTextBlock {
  return textBlock(escapeTeamsMarkdown(truncatePlain(message, TEXT_LENGTH)), { color: 'Attention', ...options });
}

function renderForm(builder: CardBuilder, form: FormView): void {
  assertRenderableForm(form);
  builder.block({ type: 'heading', text: form.title });
  if (form.errors?.form) builder.push(errorText(`⚠️ ${form.errors.form}`, { weight: 'Bolder' }));
  for (const block of form.intro ?? []) builder.block(block);
  for (const field of form.fields) {
    builder.push(input(field));
    const fieldError = form.errors?.fields?.[field.id];
    if (fieldError) builder.push(errorText(fieldError, { size: 'Small', spacing: 'None' }));
  }
  const metadata = form.metadata !== undefined ? { value: form.metadata } : {};
  const actions: AcAction[] = [
    action({ type: 'button', actionId: form.submitActionId, label: form.submitLabel, style: 'primary', ...metadata }, builder.surface),
  ];
  // A dialog has its own close button, as a Slack modal has.
  if (form.cancelActionId && builder.surface === 'message') {
    const cancel = executeAction(form.closeLabel ?? 'Cancel', form.cancelActionId, form.metadata, undefined);
    actions.push({ ...cancel, associatedInputs: 'none', fallback: { ...cancel.fallback, associatedInputs: 'none' } });
  }
  builder.push({ type: 'ActionSet', actions });
}

export interface AdaptiveCardSize {
  /** The serialised card's UTF-16 code units (or UTF-8 bytes where more), the base64 of data: images left out. */
  readonly bytes: number;
  readonly limit: number;
  /** Characters of the longest data: URL in the card; 0 without one. */
  readonly longestDataUrl: number;
  readonly withinLimit: boolean;
}

const BASE64_DATA_URL = /^(data:[\w.+-]+\/[\w.+-]+;base64,)/;

/** The serialised value's size with each data: URL's base64 left out (Teams does not count it); their lengths beside. */
function measure(value: unknown): { bytes: number; dataUrls: number[] } {
  const dataUrls: number[] = [];
  const json = JSON.stringify(value, (_key, entry: unknown) => {
    if (typeof entry !== 'string') return entry;
    const prefix = BASE64_DATA_URL.exec(entry)?.[1];
    if (prefix === undefined) return entry;
    dataUrls.push(entry.length);
    return prefix;
  });
  return { bytes: Math.max(new TextEncoder().encode(json).length, json.length), dataUrls };
}

/** A card against the Teams bot message budget; accepts any JSON object so other code can measure its cards. */
export function checkAdaptiveCardSize(
  card: AdaptiveCard | Readonly<Record<string, unknown>>,
  limit: number = TEAMS_LIMITS.cardBytes,
): AdaptiveCardSize {
  const { bytes, dataUrls } = measure(card);
  const longestDataUrl = Math.max(0, ...dataUrls);
  return { bytes, limit, longestDataUrl, withinLimit: bytes <= limit && longestDataUrl <= TEAMS_LIMITS.dataUrlLength };
}

function isProtected(element: AcElement): boolean {
  return element.type === 'ActionSet' || element.type.startsWith('Input.');
}

/** Drops content elements from the end (buttons and inputs stay) until the card fits, noting the cut. */
function fitCardBudget(card: AdaptiveCard): AdaptiveCard {
  let estimate = checkAdaptiveCardSize(card).bytes;
  if (estimate <= TEAMS_LIMITS.cardBytes) return card;
  const body = [...card.body];
  let removed = 0;
  let notePosition = body.length;
  const withNote = (): AdaptiveCard => {
    const note = textBlock(`${ELLIPSIS} ${removed} more part${removed === 1 ? '' : 's'} not shown: the card was too long.`, {
      size: 'Small',
      isSubtle: true,
    });
    return { ...card, body: [...body.slice(0, notePosition), note, ...body.slice(notePosition)] };
  };
  for (let index = body.length - 1; index >= 0; index -= 1) {
    const element = body[index];
    if (!element || isProtected(element)) continue;
    body.splice(index, 1);
    removed += 1;
    notePosition = index;
    estimate -= measure(element).bytes + 1;
    if (estimate + NOTE_ALLOWANCE > TEAMS_LIMITS.cardBytes) continue;
    const candidate = withNote();
    if (checkAdaptiveCardSize(candidate).bytes <= TEAMS_LIMITS.cardBytes) return candidate;
  }
  throw new ViewModelError('Card is over the Teams size budget even without its content blocks');
}

/**
 * Inline pictures do not count towards the message budget, but one whose data: URL is longer than card
 * renderers accept becomes a note carrying the picture's alt text (the figures), so nothing it said is lost.
 */
function dropOversizedImages(card: AdaptiveCard): AdaptiveCard {
  if (!card.body.some((element) => element.type === 'Image' && element.url.length > TEAMS_LIMITS.dataUrlLength)) return card;
  const body = card.body.map((element): AcElement => {
    if (element.type !== 'Image' || element.url.length <= TEAMS_LIMITS.dataUrlLength) return element;
    return textBlock(escapeTeamsMarkdown(`Chart not shown: too large for a Teams card. ${element.altText}`), {
      size: 'Small',
      isSubtle: true,
      ...(element.separator ? { separator: true, spacing: element.spacing ?? 'Medium' } : {}),
    });
  });
  return { ...card, body };
}

/** An Adaptive Card 1.5 for a message (buttons inline) or a form (inputs, inline errors, submit button). */
export function renderAdaptiveCard(view: View, options: { surface?: CardSurface } = {}): AdaptiveCard {
  const builder = new CardBuilder(options.surface ?? 'message');
  if (view.kind === 'form') renderForm(builder, view);
  else for (const block of view.blocks) builder.block(block);
  return fitCardBudget(dropOversizedImages(builder.card()));
}
