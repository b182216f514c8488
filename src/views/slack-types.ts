/** The subset of Block Kit this project emits; declared locally so views never import @slack/*. */

export interface SlackPlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

export interface SlackMrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
  readonly verbatim?: boolean;
}

export type SlackTextObject = SlackPlainText | SlackMrkdwn;

export interface SlackConfirm {
  readonly title: SlackPlainText;
  readonly text: SlackTextObject;
  readonly confirm: SlackPlainText;
  readonly deny: SlackPlainText;
  readonly style?: 'primary' | 'danger';
}

export interface SlackButton {
  readonly type: 'button';
  readonly action_id?: string;
  readonly text: SlackPlainText;
  readonly value?: string;
  readonly url?: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: SlackConfirm;
}

export interface SlackOption {
  readonly text: SlackPlainText;
  readonly value: string;
}

export interface SlackStaticSelect {
  readonly type: 'static_select';
  readonly action_id: string;
  readonly options: readonly SlackOption[];
  readonly initial_option?: SlackOption;
  readonly placeholder?: SlackPlainText;
}

export interface SlackDatePicker {
  readonly type: 'datepicker';
  readonly action_id: string;
  readonly initial_date?: string;
  readonly placeholder?: SlackPlainText;
}

export interface SlackPlainTextInput {
  readonly type: 'plain_text_input';
  readonly action_id: string;
  readonly multiline?: boolean;
  readonly max_length?: number;
  readonly initial_value?: string;
  readonly placeholder?: SlackPlainText;
}

export interface SlackNumberInput {
  readonly type: 'number_input';
  readonly action_id: string;
  readonly is_decimal_allowed: boolean;
  readonly initial_value?: string;
  readonly min_value?: string;
  readonly max_value?: string;
  readonly placeholder?: SlackPlainText;
}

export type SlackInputElement = SlackPlainTextInput | SlackNumberInput | SlackStaticSelect | SlackDatePicker;

export interface SlackSectionBlock {
  readonly type: 'section';
  readonly block_id?: string;
  readonly text?: SlackTextObject;
  readonly fields?: readonly SlackTextObject[];
  readonly accessory?: SlackButton;
}

export interface SlackHeaderBlock {
  readonly type: 'header';
  readonly block_id?: string;
  readonly text: SlackPlainText;
}

export interface SlackContextBlock {
  readonly type: 'context';
  readonly block_id?: string;
  readonly elements: readonly SlackTextObject[];
}

export interface SlackActionsBlock {
  readonly type: 'actions';
  readonly block_id?: string;
  readonly elements: readonly SlackButton[];
}

export interface SlackDividerBlock {
  readonly type: 'divider';
  readonly block_id?: string;
}

export interface SlackInputBlock {
  readonly type: 'input';
  readonly block_id: string;
  readonly label: SlackPlainText;
  readonly element: SlackInputElement;
  readonly optional?: boolean;
  readonly hint?: SlackPlainText;
}

export type SlackBlock =
  | SlackSectionBlock
  | SlackHeaderBlock
  | SlackContextBlock
  | SlackActionsBlock
  | SlackDividerBlock
  | SlackInputBlock;

/** chat.postMessage / chat.update arguments besides the channel. */
export interface SlackMessagePayload {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

export interface SlackModalView {
  readonly type: 'modal';
  readonly callback_id: string;
  readonly private_metadata: string;
  readonly title: SlackPlainText;
  readonly submit: SlackPlainText;
  readonly close: SlackPlainText;
  readonly blocks: readonly SlackBlock[];
}

export interface SlackHomeView {
  readonly type: 'home';
  readonly blocks: readonly SlackBlock[];
}

export interface SlackResponseActionErrors {
  readonly response_action: 'errors';
  readonly errors: Readonly<Record<string, string>>;
}

export interface SlackResponseActionUpdate {
  readonly response_action: 'update';
  readonly view: SlackModalView;
}
