// `/csp hallmarks`: the hallmarks of effective partnership checklist in chat. The summary card (posted, or
// `--me` for the asker only), lists by hallmark or stage, one item with its history, and the update form
// that an item's owner, a strategy board's chair or the secretariat may use.
import { ValidationError } from '../../domain/errors.ts';
import { ACTION_IDS } from '../../views/action-ids.ts';
import { asJsonObject } from '../../views/model.ts';
import type { ChatFeature } from '../registry.ts';
import { privateReply } from '../replies.ts';
import {
  buildFilteredCard,
  findFilter,
  openItemForm,
  readFilter,
  readItemId,
  reopenItemForm,
  showItem,
  showSummary,
  showSummaryPage,
  submitItemForm,
} from './checklist-use-cases.ts';
import { HALLMARKS_FILTER_LIST_ID, HALLMARKS_LIST_ID } from './hallmark-views.ts';

// Phones and Teams turn a typed "--" into a dash.
const ONLY_ME = new Set(['--me', '-me', 'me', '—me', '–me']);

export const hallmarksFeature: ChatFeature = {
  name: 'hallmarks',
  register(registry) {
    registry.command({
      name: 'hallmarks',
      aliases: ['hallmark'],
      summary: 'Posts the hallmarks self-assessment card here; --me shows it only to you, a hallmark or stage lists its items.',
      usage: '[--me | <hallmark or stage>]',
      example: 'hallmarks --me',
      async run(context, args) {
        const typed = args.tokens.flatMap((token) => (token.kind === 'word' ? [token.text] : []));
        const onlyMe = typed.some((word) => ONLY_ME.has(word.toLowerCase()));
        const filterText = typed.filter((word) => !ONLY_ME.has(word.toLowerCase())).join(' ');
        if (filterText === '') return showSummary(context, onlyMe);
        const filter = findFilter(filterText);
        if (!filter) {
          throw new ValidationError(
            `"${filterText}" is not a hallmark or a stage. Try ${context.commandPrefix} hallmarks --me for the whole card, or name one, ` +
              `for example ${context.commandPrefix} hallmarks engaged communities, or ${context.commandPrefix} hallmarks assess.`,
          );
        }
        return [privateReply(await buildFilteredCard(context, filter, 0))];
      },
    });

    registry.action({
      actionId: ACTION_IDS.filterHallmarks,
      run: async (context, request) => [privateReply(await buildFilteredCard(context, readFilter(request.value), 0))],
    });
    registry.action({
      actionId: ACTION_IDS.openHallmarkItem,
      run: (context, request) => showItem(context, readItemId(request.value)),
    });
    registry.action({
      actionId: ACTION_IDS.editHallmarkItem,
      run: (context, request) => openItemForm(context, readItemId(request.value)),
    });
    registry.form({
      formId: ACTION_IDS.submitHallmarkItem,
      run: submitItemForm,
      reopen: reopenItemForm,
    });

    registry.pagedList({
      id: HALLMARKS_LIST_ID,
      run: (context, page, value) => showSummaryPage(context, page, value),
    });
    registry.pagedList({
      id: HALLMARKS_FILTER_LIST_ID,
      run: async (context, page, value) => [
        { type: 'updateMessage', message: await buildFilteredCard(context, readFilter(asJsonObject(value)?.filter), page) },
      ],
    });
  },
};
