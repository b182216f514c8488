// Routes a turn's activity to this bot's handlers, as teams-ai's Application does for the routes the
// bot uses (before-turn handlers, invoke routes first, then the others in order, the first match wins;
// errors go to the adapter's onTurnError). Application itself is not used because it loads
// botbuilder-dialogs and Microsoft's recognizers-text tables for its sign-in flows, about 36 MB of
// resident memory this bot never uses. Action.Execute invokes keep teams-ai's own AdaptiveCards
// routing, which formats their invoke responses.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { AdaptiveCards } from '@microsoft/teams-ai/lib/AdaptiveCards.js';
import type { Application } from '@microsoft/teams-ai/lib/Application.js';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState.js';

type Selector = (context: TurnContext) => Promise<boolean>;
type Handler = (context: TurnContext) => Promise<void>;

export class ActivityRouter {
  /** What AdaptiveCards reads from its application: default Action.Execute response type. */
  readonly options = {};
  readonly adaptiveCards: AdaptiveCards<TurnState>;
  private readonly beforeTurn: Selector[] = [];
  private readonly invokeRoutes: { selector: Selector; handler: Handler }[] = [];
  private readonly routes: { selector: Selector; handler: Handler }[] = [];

  constructor(private readonly adapter: { onTurnError: (context: TurnContext, error: Error) => Promise<void> }) {
    this.adaptiveCards = new AdaptiveCards<TurnState>(this as unknown as Application<TurnState>);
  }

  /** Handlers run before routing; one that returns false ends the turn. */
  turn(event: 'beforeTurn', handler: Selector): this {
    this.beforeTurn.push(handler);
    return this;
  }

  addRoute(selector: Selector, handler: Handler, isInvokeRoute = false): this {
    (isInvokeRoute ? this.invokeRoutes : this.routes).push({ selector, handler });
    return this;
  }

  /** Activities of a type (compared without regard to case, as Bot Framework channels vary). */
  activity(type: string, handler: Handler): this {
    const name = type.toLocaleLowerCase();
    return this.addRoute(async (context) => context.activity?.type?.toLocaleLowerCase() === name, handler);
  }

  /** conversationUpdate activities that add members. */
  membersAdded(handler: Handler): this {
    return this.addRoute(
      async (context) =>
        context.activity?.type === ActivityTypes.ConversationUpdate &&
        Array.isArray(context.activity.membersAdded) &&
        context.activity.membersAdded.length > 0,
      handler,
    );
  }

  error(handler: (context: TurnContext, error: Error) => Promise<void>): this {
    this.adapter.onTurnError = handler;
    return this;
  }

  /** Whether a route handled the activity. */
  async run(context: TurnContext): Promise<boolean> {
    for (const handler of this.beforeTurn) {
      if (!(await handler(context))) return false;
    }
    const candidates = context.activity.type === ActivityTypes.Invoke ? [...this.invokeRoutes, ...this.routes] : this.routes;
    for (const route of candidates) {
      if (await route.selector(context)) {
        await route.handler(context);
        return true;
      }
    }
    return false;
  }
}
