import { VIEW_LIMITS } from './limits.ts';
import type { FormView } from './model.ts';
import { ViewModelError } from './model.ts';

/** Keys the Teams renderer puts in action data next to input values. */
const RESERVED_DATA_KEYS = ['verb', 'payload', 'msteams'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Programming errors no renderer can degrade around: caught in tests, never shown to users. */
export function assertRenderableForm(form: FormView): void {
  const seen = new Set<string>();
  for (const field of form.fields) {
    if (field.id.length === 0 || field.id.length > VIEW_LIMITS.fieldIdLength) {
      throw new ViewModelError(`Form field id "${field.id}" must be 1–${VIEW_LIMITS.fieldIdLength} characters`);
    }
    if ((RESERVED_DATA_KEYS as readonly string[]).includes(field.id)) {
      throw new ViewModelError(`Form field id "${field.id}" is reserved`);
    }
    if (seen.has(field.id)) throw new ViewModelError(`Duplicate form field id "${field.id}"`);
    seen.add(field.id);
    if (field.type === 'select') {
      if (field.options.length === 0) throw new ViewModelError(`Select "${field.id}" has no options`);
      const tooLong = field.options.find((option) => option.value.length > VIEW_LIMITS.optionValueLength);
      if (tooLong) {
        throw new ViewModelError(
          `Select "${field.id}" option value "${tooLong.value}" exceeds ${VIEW_LIMITS.optionValueLength} characters`,
        );
      }
    }
    if (field.type === 'datePicker' && field.initialDate !== undefined && !DATE.test(field.initialDate)) {
      throw new ViewModelError(`Date picker "${field.id}" initial date "${field.initialDate}" is not YYYY-MM-DD`);
    }
  }
}
