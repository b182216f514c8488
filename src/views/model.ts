import type { ActionId } from './action-ids.ts';

/** Same literals as the Prisma `ChatPlatform` enum; declared here so views stay free of the database layer. */
export type ChatPlatform = 'SLACK' | 'TEAMS';

/** Arrays are mutable in this type only so that `Array.isArray` narrows them away. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** The value as an object (how buttons and forms carry ids), or undefined for anything else. */
export function asJsonObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

/** Small JSON payload carried by a button or a form submit (at most VIEW_LIMITS.actionValueLength characters once serialised). */
export type ActionValue = JsonValue;

export interface ChatUserRef {
  readonly platform: ChatPlatform;
  /** Slack `U…`/`W…` id, or Teams `29:…` id. */
  readonly userId: string;
}

/** Inline markup: the only formatting user-visible text may carry. Raw strings are always literal text. */
export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bold'; readonly content: readonly Inline[] }
  | { readonly kind: 'italic'; readonly content: readonly Inline[] }
  | { readonly kind: 'link'; readonly url: string; readonly label: string }
  | {
      readonly kind: 'mention';
      readonly displayName: string;
      /** Every chat identity the person has; each renderer picks its own platform's, else shows `@displayName`. */
      readonly identities: readonly ChatUserRef[];
    }
  | { readonly kind: 'lineBreak' };

/** A plain string is literal text (newlines become line breaks); an array is marked-up text. */
export type RichText = string | readonly Inline[];

export interface ConfirmView {
  readonly title: string;
  readonly text: string;
  readonly confirmLabel: string;
  readonly denyLabel: string;
}

export interface ButtonView {
  readonly type: 'button';
  readonly actionId: ActionId;
  readonly label: string;
  readonly value?: ActionValue;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: ConfirmView;
}

/** A button that opens a web address (a Slack permalink, a Teams deep link, a document). */
export interface LinkButtonView {
  readonly type: 'linkButton';
  readonly label: string;
  readonly url: string;
}

export type ActionControl = ButtonView | LinkButtonView;

export interface LabelledValue {
  readonly label: string;
  readonly value: RichText;
}

export interface ListItem {
  readonly text: RichText;
  readonly button?: ButtonView;
}

export type ListStyle = 'bullet' | 'numbered';

interface HeadingBlock {
  readonly type: 'heading';
  readonly text: string;
}

interface TextBlock {
  readonly type: 'text';
  readonly text: RichText;
  readonly accessory?: ButtonView;
}

/** Small, muted text. */
interface ContextBlock {
  readonly type: 'context';
  readonly text: RichText;
}

/** Short label/value pairs shown as a two-column grid. */
interface FieldsBlock {
  readonly type: 'fields';
  readonly fields: readonly LabelledValue[];
}

/** Label/value pairs shown as a table (Teams FactSet). */
interface FactsBlock {
  readonly type: 'facts';
  readonly facts: readonly LabelledValue[];
}

export interface ListBlock {
  readonly type: 'list';
  readonly items: readonly ListItem[];
  readonly style?: ListStyle;
}

interface DividerBlock {
  readonly type: 'divider';
}

/**
 * A rendered picture (a chart) carried as PNG bytes, not a URL: Slack uploads it and shows the file, Teams
 * embeds it as a data: URL. The alt text states what the picture shows, figures included.
 */
export interface ImageBlock {
  readonly type: 'image';
  readonly png: Uint8Array;
  readonly altText: string;
  readonly title?: string;
  /** File name for platforms that store the picture as a file ("asb-chart.png"). */
  readonly fileName: string;
}

export interface ActionsBlock {
  readonly type: 'actions';
  readonly controls: readonly ActionControl[];
}

/**
 * A list longer than one message: holds every item and shows page `page` (0-based) of `pageSize`, with
 * previous/next buttons (ACTION_IDS.pagePrevious / pageNext) whose value is `{ ...pagingValue, page }`.
 */
export interface PagedListBlock {
  readonly type: 'pagedList';
  readonly title?: string;
  readonly items: readonly ListItem[];
  readonly page: number;
  readonly pageSize: number;
  readonly pagingValue?: JsonObject;
  readonly style?: ListStyle;
  readonly emptyText?: string;
}

export type DisplayBlock =
  | HeadingBlock
  | TextBlock
  | ContextBlock
  | FieldsBlock
  | FactsBlock
  | ListBlock
  | DividerBlock
  | ImageBlock;

export type ViewBlock = DisplayBlock | ActionsBlock | PagedListBlock;

export interface MessageView {
  readonly kind: 'message';
  readonly blocks: readonly ViewBlock[];
  /** Notification/preview text; derived from the blocks when absent. */
  readonly fallbackText?: string;
}

interface FormFieldBase {
  /** Slack block_id and action_id, Teams Input id, and the key in parsed `fields`. */
  readonly id: string;
  readonly label: string;
  readonly required?: boolean;
  readonly hint?: string;
  /** Teams shows it when a required input is left empty; defaults to "<label> is required". */
  readonly requiredMessage?: string;
}

interface TextInputField extends FormFieldBase {
  readonly type: 'textInput';
  readonly multiline?: boolean;
  readonly maxLength?: number;
  readonly initialValue?: string;
  readonly placeholder?: string;
}

interface NumberInputField extends FormFieldBase {
  readonly type: 'numberInput';
  readonly initialValue?: number;
  readonly min?: number;
  readonly max?: number;
  readonly allowDecimal?: boolean;
  readonly placeholder?: string;
}

export interface SelectOption {
  readonly label: string;
  /** At most VIEW_LIMITS.optionValueLength characters. */
  readonly value: string;
}

export interface SelectField extends FormFieldBase {
  readonly type: 'select';
  readonly options: readonly SelectOption[];
  readonly initialValue?: string;
  readonly placeholder?: string;
}

interface DatePickerField extends FormFieldBase {
  readonly type: 'datePicker';
  /** YYYY-MM-DD */
  readonly initialDate?: string;
  readonly placeholder?: string;
}

export type FormField = TextInputField | NumberInputField | SelectField | DatePickerField;

export interface FormErrors {
  readonly form?: string;
  /** Keyed by field id. */
  readonly fields?: Readonly<Record<string, string>>;
}

export interface FormView {
  readonly kind: 'form';
  /** Slack modal callback_id; Teams submit verb. */
  readonly submitActionId: ActionId;
  /** Cut to 24 characters for the Slack modal title. */
  readonly title: string;
  readonly submitLabel: string;
  readonly closeLabel?: string;
  /** Teams only: adds a cancel button with this verb (Slack modals have their own close button). */
  readonly cancelActionId?: ActionId;
  /** Returned as `value` on submit (Slack private_metadata, Teams action data). */
  readonly metadata?: ActionValue;
  readonly intro?: readonly DisplayBlock[];
  readonly fields: readonly FormField[];
  readonly errors?: FormErrors;
}

export type View = MessageView | FormView;

/** Thrown for views that cannot be rendered within platform limits by truncation alone (a programming error). */
export class ViewModelError extends Error {
  override readonly name = 'ViewModelError';
}

type InlinePart = string | Inline;

function toInline(part: InlinePart): Inline {
  return typeof part === 'string' ? { kind: 'text', text: part } : part;
}

export function rich(...parts: InlinePart[]): Inline[] {
  return parts.map(toInline);
}

export function bold(...parts: InlinePart[]): Inline {
  return { kind: 'bold', content: parts.map(toInline) };
}

export function italic(...parts: InlinePart[]): Inline {
  return { kind: 'italic', content: parts.map(toInline) };
}

export function link(url: string, label: string): Inline {
  return { kind: 'link', url, label };
}

export function mention(displayName: string, identities: readonly ChatUserRef[]): Inline {
  return { kind: 'mention', displayName, identities };
}

export function lineBreak(): Inline {
  return { kind: 'lineBreak' };
}
