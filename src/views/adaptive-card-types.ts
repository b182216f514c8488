import type { JsonObject } from './model.ts';
import type { TeamsMentionEntity } from './teams-markup.ts';

/** The subset of Adaptive Cards 1.5 this project emits; declared locally so views never import Microsoft packages. */

type AcSpacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large';

export interface AcTextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap: true;
  readonly style?: 'heading';
  readonly size?: 'Small' | 'Medium' | 'Large';
  readonly weight?: 'Bolder';
  readonly color?: 'Attention' | 'Good' | 'Warning' | 'Accent';
  readonly isSubtle?: boolean;
  readonly spacing?: AcSpacing;
  readonly separator?: boolean;
}

export interface AcFactSet {
  readonly type: 'FactSet';
  readonly facts: readonly { readonly title: string; readonly value: string }[];
  readonly spacing?: AcSpacing;
  readonly separator?: boolean;
}

interface AcColumn {
  readonly type: 'Column';
  readonly width: 'auto' | 'stretch' | number;
  readonly items: readonly AcElement[];
  readonly verticalContentAlignment?: 'Top' | 'Center' | 'Bottom';
}

export interface AcColumnSet {
  readonly type: 'ColumnSet';
  readonly columns: readonly AcColumn[];
  readonly spacing?: AcSpacing;
  readonly separator?: boolean;
}

export interface AcActionSet {
  readonly type: 'ActionSet';
  readonly actions: readonly AcAction[];
  readonly spacing?: AcSpacing;
  readonly separator?: boolean;
}

interface AcInputBase {
  readonly id: string;
  readonly label: string;
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
  readonly spacing?: AcSpacing;
  readonly separator?: boolean;
}

interface AcInputText extends AcInputBase {
  readonly type: 'Input.Text';
  readonly isMultiline?: boolean;
  readonly maxLength?: number;
  readonly value?: string;
  readonly placeholder?: string;
}

interface AcInputNumber extends AcInputBase {
  readonly type: 'Input.Number';
  readonly value?: number;
  readonly min?: number;
  readonly max?: number;
  readonly placeholder?: string;
}

interface AcInputChoiceSet extends AcInputBase {
  readonly type: 'Input.ChoiceSet';
  readonly style: 'compact';
  readonly choices: readonly { readonly title: string; readonly value: string }[];
  readonly value?: string;
  readonly placeholder?: string;
}

interface AcInputDate extends AcInputBase {
  readonly type: 'Input.Date';
  readonly value?: string;
  readonly placeholder?: string;
}

export type AcInput = AcInputText | AcInputNumber | AcInputChoiceSet | AcInputDate;

/** An image; ours are charts embedded as data: URLs (Adaptive Cards 1.5 Image, `altText` read by screen readers). */
export interface AcImage {
  readonly type: 'Image';
  readonly url: string;
  readonly altText: string;
  readonly size?: 'Auto' | 'Stretch' | 'Small' | 'Medium' | 'Large';
  readonly spacing?: AcSpacing;
  readonly separator?: boolean;
}

export type AcElement = AcTextBlock | AcFactSet | AcColumnSet | AcActionSet | AcInput | AcImage;

/** What our actions carry: the verb again (Action.Submit routing) and the button's payload. */
export interface AcActionData extends JsonObject {
  readonly verb: string;
}

export interface AcSubmitAction {
  readonly type: 'Action.Submit';
  readonly title: string;
  readonly data: AcActionData;
  readonly style?: 'positive' | 'destructive';
  /** 'none': send no input values and skip input validation (cancel buttons). */
  readonly associatedInputs?: 'none';
}

export interface AcExecuteAction {
  readonly type: 'Action.Execute';
  readonly title: string;
  readonly verb: string;
  readonly data: AcActionData;
  readonly style?: 'positive' | 'destructive';
  readonly associatedInputs?: 'none';
  /** Clients without Universal Actions send this instead, as a message activity with `value.verb`. */
  readonly fallback: AcSubmitAction;
}

interface AcOpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
}

interface AcShowCardAction {
  readonly type: 'Action.ShowCard';
  readonly title: string;
  readonly style?: 'positive' | 'destructive';
  readonly card: {
    readonly type: 'AdaptiveCard';
    readonly body: readonly AcElement[];
    readonly actions: readonly AcAction[];
  };
}

export type AcAction = AcExecuteAction | AcSubmitAction | AcOpenUrlAction | AcShowCardAction;

export interface AdaptiveCard {
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly type: 'AdaptiveCard';
  readonly version: '1.5';
  readonly body: readonly AcElement[];
  readonly msteams?: {
    readonly width?: 'Full';
    readonly entities?: readonly TeamsMentionEntity[];
  };
}
