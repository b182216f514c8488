import type { BlockKitHome, BlockKitMessage, BlockKitModal } from './block-kit.ts';

/** Block Kit limits from @slack/types JSDoc and docs.slack.dev (see shared notes platform-limits.md). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  blocksPerHome: 100,
  blockIdLength: 255,
  actionIdLength: 255,
  sectionTextLength: 3000,
  sectionFieldCount: 10,
  sectionFieldLength: 2000,
  headerTextLength: 150,
  contextElementCount: 10,
  contextTextLength: 3000,
  imageAltTextLength: 2000,
  actionsElementCount: 25,
  buttonTextLength: 75,
  buttonValueLength: 2000,
  buttonUrlLength: 3000,
  optionTextLength: 75,
  optionValueLength: 75,
  staticSelectOptionCount: 100,
  placeholderLength: 150,
  confirmTitleLength: 100,
  confirmTextLength: 300,
  confirmButtonLength: 30,
  plainTextInputMaxLength: 3000,
  inputLabelLength: 2000,
  inputHintLength: 2000,
  modalTitleLength: 24,
  modalButtonLength: 24,
  privateMetadataLength: 3000,
  callbackIdLength: 255,
  /** Our own cap for the notification/fallback `text`: it is shown in previews, not as the message. */
  fallbackTextLength: 3000,
} as const;


export type BlockKitSurface = 'message' | 'modal' | 'home';

export interface BlockKitViolation {
  /** Where, e.g. "blocks[3].fields[10]". */
  readonly path: string;
  /** Stable rule name, e.g. "section.fields.count". */
  readonly rule: string;
  readonly message: string;
}

type UnknownRecord = Readonly<Record<string, unknown>>;

/** Accepts anything block-shaped so tests can feed deliberately broken payloads. */
export type BlockKitPayload = BlockKitMessage | BlockKitModal | BlockKitHome | UnknownRecord;

const KNOWN_BLOCK_TYPES = new Set(['section', 'header', 'context', 'actions', 'divider', 'input', 'image']);
const INPUT_ELEMENT_TYPES = new Set(['plain_text_input', 'number_input', 'static_select', 'datepicker']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

class Checker {
  readonly violations: BlockKitViolation[] = [];

  add(path: string, rule: string, message: string): void {
    this.violations.push({ path, rule, message });
  }

  length(path: string, rule: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) {
      this.add(path, rule, `${value.length} characters; the limit is ${max}`);
    }
  }

  text(path: string, rule: string, value: unknown, max: number, plainOnly: boolean): void {
    if (!isRecord(value)) {
      this.add(path, `${rule}.missing`, 'text object missing');
      return;
    }
    if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) {
      this.add(path, `${rule}.type`, `text type ${String(value.type)} not allowed here`);
    }
    if (typeof value.text !== 'string' || value.text.length === 0) {
      this.add(path, `${rule}.empty`, 'text must be at least 1 character');
      return;
    }
    this.length(path, `${rule}.length`, value.text, max);
  }

  id(path: string, rule: string, value: unknown, max: number): void {
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
      this.add(path, rule, 'id must be a non-empty string');
    }
    this.length(path, rule, value, max);
  }

  confirm(path: string, value: unknown): void {
    if (value === undefined) return;
    if (!isRecord(value)) {
      this.add(path, 'confirm.shape', 'confirm must be an object');
      return;
    }
    this.text(`${path}.title`, 'confirm.title', value.title, SLACK_LIMITS.confirmTitleLength, true);
    this.text(`${path}.text`, 'confirm.text', value.text, SLACK_LIMITS.confirmTextLength, false);
    this.text(`${path}.confirm`, 'confirm.confirm', value.confirm, SLACK_LIMITS.confirmButtonLength, true);
    this.text(`${path}.deny`, 'confirm.deny', value.deny, SLACK_LIMITS.confirmButtonLength, true);
  }

  placeholder(path: string, value: unknown): void {
    if (value !== undefined) this.text(`${path}.placeholder`, 'placeholder', value, SLACK_LIMITS.placeholderLength, true);
  }

  button(path: string, element: UnknownRecord): void {
    this.text(`${path}.text`, 'button.text', element.text, SLACK_LIMITS.buttonTextLength, true);
    this.length(`${path}.value`, 'button.value.length', element.value, SLACK_LIMITS.buttonValueLength);
    this.length(`${path}.url`, 'button.url.length', element.url, SLACK_LIMITS.buttonUrlLength);
    if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
      this.add(`${path}.style`, 'button.style', `style ${String(element.style)} is not primary or danger`);
    }
    this.confirm(`${path}.confirm`, element.confirm);
  }

  option(path: string, option: unknown): void {
    if (!isRecord(option)) {
      this.add(path, 'option.shape', 'option must be an object');
      return;
    }
    this.text(`${path}.text`, 'option.text', option.text, SLACK_LIMITS.optionTextLength, true);
    if (typeof option.value !== 'string' || option.value.length === 0) {
      this.add(`${path}.value`, 'option.value.empty', 'option value must be a non-empty string');
    }
    this.length(`${path}.value`, 'option.value.length', option.value, SLACK_LIMITS.optionValueLength);
  }

  staticSelect(path: string, element: UnknownRecord): void {
    const options = asArray(element.options);
    if (options.length === 0 || options.length > SLACK_LIMITS.staticSelectOptionCount) {
      this.add(`${path}.options`, 'select.options.count', `${options.length} options; allowed 1–${SLACK_LIMITS.staticSelectOptionCount}`);
    }
    options.forEach((option, index) => this.option(`${path}.options[${index}]`, option));
    if (element.initial_option !== undefined) {
      this.option(`${path}.initial_option`, element.initial_option);
      const initialValue = isRecord(element.initial_option) ? element.initial_option.value : undefined;
      if (!options.some((option) => isRecord(option) && option.value === initialValue)) {
        this.add(`${path}.initial_option`, 'select.initial_option', 'initial option is not one of the options');
      }
    }
    this.placeholder(path, element.placeholder);
  }

  element(path: string, element: unknown): string | undefined {
    if (!isRecord(element)) {
      this.add(path, 'element.shape', 'element must be an object');
      return undefined;
    }
    this.id(`${path}.action_id`, 'action_id.length', element.action_id, SLACK_LIMITS.actionIdLength);
    switch (element.type) {
      case 'button':
        this.button(path, element);
        break;
      case 'static_select':
        this.staticSelect(path, element);
        break;
      case 'datepicker':
        if (element.initial_date !== undefined && (typeof element.initial_date !== 'string' || !DATE.test(element.initial_date))) {
          this.add(`${path}.initial_date`, 'datepicker.initial_date', 'initial_date must be YYYY-MM-DD');
        }
        this.placeholder(path, element.placeholder);
        break;
      case 'plain_text_input': {
        const maxLength = element.max_length;
        if (maxLength !== undefined && (typeof maxLength !== 'number' || maxLength < 1 || maxLength > SLACK_LIMITS.plainTextInputMaxLength)) {
          this.add(`${path}.max_length`, 'plain_text_input.max_length', `max_length must be 1–${SLACK_LIMITS.plainTextInputMaxLength}`);
        }
        const initialLimit = typeof maxLength === 'number' ? maxLength : SLACK_LIMITS.plainTextInputMaxLength;
        this.length(`${path}.initial_value`, 'plain_text_input.initial_value.length', element.initial_value, initialLimit);
        this.placeholder(path, element.placeholder);
        break;
      }
      case 'number_input':
        if (typeof element.is_decimal_allowed !== 'boolean') {
          this.add(`${path}.is_decimal_allowed`, 'number_input.is_decimal_allowed', 'is_decimal_allowed is required');
        }
        this.placeholder(path, element.placeholder);
        break;
      default:
        this.add(`${path}.type`, 'element.type', `element type ${String(element.type)} is not checked by this project`);
    }
    return typeof element.action_id === 'string' ? element.action_id : undefined;
  }

  section(path: string, block: UnknownRecord): void {
    if (block.text === undefined && block.fields === undefined) {
      this.add(path, 'section.content', 'a section needs text or fields');
    }
    if (block.text !== undefined) this.text(`${path}.text`, 'section.text', block.text, SLACK_LIMITS.sectionTextLength, false);
    if (block.fields !== undefined) {
      const fields = asArray(block.fields);
      if (fields.length === 0 || fields.length > SLACK_LIMITS.sectionFieldCount) {
        this.add(`${path}.fields`, 'section.fields.count', `${fields.length} fields; allowed 1–${SLACK_LIMITS.sectionFieldCount}`);
      }
      fields.forEach((field, index) =>
        this.text(`${path}.fields[${index}]`, 'section.field', field, SLACK_LIMITS.sectionFieldLength, false),
      );
    }
    if (block.accessory !== undefined) this.element(`${path}.accessory`, block.accessory);
  }

  actions(path: string, block: UnknownRecord): void {
    const elements = asArray(block.elements);
    if (elements.length === 0 || elements.length > SLACK_LIMITS.actionsElementCount) {
      this.add(`${path}.elements`, 'actions.elements.count', `${elements.length} elements; allowed 1–${SLACK_LIMITS.actionsElementCount}`);
    }
    const seen = new Set<string>();
    elements.forEach((element, index) => {
      const actionId = this.element(`${path}.elements[${index}]`, element);
      if (actionId === undefined) return;
      if (seen.has(actionId)) {
        this.add(`${path}.elements[${index}].action_id`, 'action_id.duplicate', `action_id ${actionId} repeats within the block`);
      }
      seen.add(actionId);
    });
  }

  context(path: string, block: UnknownRecord): void {
    const elements = asArray(block.elements);
    if (elements.length === 0 || elements.length > SLACK_LIMITS.contextElementCount) {
      this.add(`${path}.elements`, 'context.elements.count', `${elements.length} elements; allowed 1–${SLACK_LIMITS.contextElementCount}`);
    }
    elements.forEach((element, index) =>
      this.text(`${path}.elements[${index}]`, 'context.text', element, SLACK_LIMITS.contextTextLength, false),
    );
  }

  input(path: string, block: UnknownRecord): void {
    this.text(`${path}.label`, 'input.label', block.label, SLACK_LIMITS.inputLabelLength, true);
    if (block.hint !== undefined) this.text(`${path}.hint`, 'input.hint', block.hint, SLACK_LIMITS.inputHintLength, true);
    if (!isRecord(block.element) || !INPUT_ELEMENT_TYPES.has(String(block.element.type))) {
      this.add(`${path}.element`, 'input.element.type', 'input needs a supported input element');
    }
    this.element(`${path}.element`, block.element);
  }

  block(path: string, block: unknown, blockIds: Set<string>): void {
    if (!isRecord(block)) {
      this.add(path, 'block.shape', 'block must be an object');
      return;
    }
    const blockId = block.block_id;
    this.id(`${path}.block_id`, 'block_id.length', blockId, SLACK_LIMITS.blockIdLength);
    if (typeof blockId === 'string') {
      if (blockIds.has(blockId)) this.add(`${path}.block_id`, 'block_id.duplicate', `block_id ${blockId} repeats`);
      blockIds.add(blockId);
    }
    const type = String(block.type);
    if (!KNOWN_BLOCK_TYPES.has(type)) {
      this.add(`${path}.type`, 'block.type', `block type ${type} is not checked by this project`);
      return;
    }
    switch (type) {
      case 'section':
        this.section(path, block);
        break;
      case 'header':
        this.text(`${path}.text`, 'header.text', block.text, SLACK_LIMITS.headerTextLength, true);
        break;
      case 'context':
        this.context(path, block);
        break;
      case 'actions':
        this.actions(path, block);
        break;
      case 'input':
        this.input(path, block);
        break;
      case 'image':
        this.image(path, block);
        break;
    }
  }

  /** An image block shows a Slack file (by id) or a public image_url, with alt_text of at most 2000 characters. */
  image(path: string, block: UnknownRecord): void {
    this.length(`${path}.alt_text`, 'image.alt_text.length', block.alt_text, SLACK_LIMITS.imageAltTextLength);
    if (typeof block.alt_text !== 'string' || block.alt_text.length === 0) this.add(`${path}.alt_text`, 'image.alt_text.missing', 'an image needs alt_text');
    const file = block.slack_file;
    const hasFile = isRecord(file) && (typeof file.id === 'string' || typeof file.url === 'string');
    if (!hasFile && typeof block.image_url !== 'string') this.add(path, 'image.source', 'an image needs slack_file or image_url');
    if (block.title !== undefined) this.text(`${path}.title`, 'image.title', block.title, SLACK_LIMITS.imageAltTextLength, true);
  }

  modal(view: UnknownRecord, blocks: readonly unknown[]): void {
    if (view.type !== 'modal') this.add('type', 'modal.type', 'a modal view has type "modal"');
    this.text('title', 'modal.title', view.title, SLACK_LIMITS.modalTitleLength, true);
    if (view.close !== undefined) this.text('close', 'modal.close', view.close, SLACK_LIMITS.modalButtonLength, true);
    if (view.submit !== undefined) this.text('submit', 'modal.submit', view.submit, SLACK_LIMITS.modalButtonLength, true);
    if (view.submit === undefined && blocks.some((block) => isRecord(block) && block.type === 'input')) {
      this.add('submit', 'modal.submit.required', 'a modal with input blocks needs a submit button');
    }
    this.length('private_metadata', 'modal.private_metadata.length', view.private_metadata, SLACK_LIMITS.privateMetadataLength);
    this.length('callback_id', 'modal.callback_id.length', view.callback_id, SLACK_LIMITS.callbackIdLength);
  }
}

const BLOCK_LIMITS: Readonly<Record<BlockKitSurface, number>> = {
  message: SLACK_LIMITS.blocksPerMessage,
  modal: SLACK_LIMITS.blocksPerModal,
  home: SLACK_LIMITS.blocksPerHome,
};

/** Every documented Block Kit limit this project's payloads could break; an empty list means none. */
export function checkBlockKitLimits(payload: BlockKitPayload, kind: BlockKitSurface): BlockKitViolation[] {
  const checker = new Checker();
  const record: UnknownRecord = isRecord(payload) ? payload : {};
  const blocks = asArray(record.blocks);
  if (!Array.isArray(record.blocks)) checker.add('blocks', 'blocks.missing', 'blocks must be an array');
  const limit = BLOCK_LIMITS[kind];
  if (blocks.length > limit) {
    checker.add('blocks', 'blocks.count', `${blocks.length} blocks; a ${kind} allows ${limit}`);
  }
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => checker.block(`blocks[${index}]`, block, blockIds));
  if (kind === 'modal') checker.modal(record, blocks);
  if (kind === 'home' && record.type !== 'home') checker.add('type', 'home.type', 'a Home tab view has type "home"');
  return checker.violations;
}
