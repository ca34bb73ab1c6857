// Turning the API's answers into form feedback.
import { notifications } from '@mantine/notifications';

import { ApiProblem, fieldErrors } from '@/shared/api/problem';

type FormLike = { setErrors: (errors: Record<string, string>) => void };

/**
 * Shows an API error on a form: field errors next to their fields (422), anything else as a
 * notification. Returns the fields that got an error.
 */
export function showSubmitError(
  form: FormLike,
  error: unknown,
  knownFields: readonly string[],
  /** The form's name of an API field, when they differ (`key_people[0]` -> `key_people.0.contact_id`). */
  formField: (apiField: string) => string = (field) => field,
): string[] {
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(error))) errors[formField(field)] ??= message;
  const onForm = Object.keys(errors).filter((field) => knownFields.includes(field));
  if (onForm.length > 0) {
    form.setErrors(Object.fromEntries(onForm.map((field) => [field, errors[field] ?? ''])));
    scrollToFirstError();
  }
  const rest = Object.entries(errors).filter(([field]) => !knownFields.includes(field));
  if (onForm.length === 0 || rest.length > 0) {
    const problem = error instanceof ApiProblem ? error : null;
    notifications.show({
      color: 'red',
      title: problem?.status === 412 ? 'Changed by someone else' : (problem?.title ?? 'Could not save'),
      message:
        problem?.status === 412
          ? 'This record changed since you opened it. Reload the page to see the latest version, then make your change again.'
          : rest.length > 0
            ? rest.map(([, message]) => message).join(' ')
            : (problem?.detail ?? 'The request failed.'),
    });
  }
  return onForm;
}

/**
 * A conflict (409) without field errors, such as a name that is taken, shown on the field it is
 * about. Returns whether it was one.
 */
export function showConflictOn(form: { setFieldError: (field: string, error: string) => void }, error: unknown, field: string): boolean {
  if (!(error instanceof ApiProblem) || error.status !== 409 || error.errors.length > 0) return false;
  form.setFieldError(field, error.detail);
  scrollToFirstError();
  return true;
}

/** Form values with blank strings as null, the way the API wants cleared fields. */
export function blanksToNull<T extends Record<string, unknown>>(values: T): { [K in keyof T]: T[K] extends string ? string | null : T[K] } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = typeof value === 'string' && value.trim() === '' ? null : value;
  }
  return out as { [K in keyof T]: T[K] extends string ? string | null : T[K] };
}

/** Only the fields that differ from the record (for a PATCH); lists and objects are compared by content. */
export function changedFields<T extends Record<string, unknown>>(next: T, current: Record<string, unknown>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (!sameValue(current[key as string], next[key])) out[key] = next[key];
  }
  return out;
}

/** Whether two values hold the same content (a missing value and null are the same). */
export function sameValue(a: unknown, b: unknown): boolean {
  const left = a ?? null;
  const right = b ?? null;
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    return Array.isArray(left) && Array.isArray(right) && left.length === right.length && left.every((item, i) => sameValue(item, right[i]));
  }
  const l = left as Record<string, unknown>;
  const r = right as Record<string, unknown>;
  return [...new Set([...Object.keys(l), ...Object.keys(r)])].every((key) => sameValue(l[key], r[key]));
}

/** Brings the first field with an error into view and focuses it (after the errors render). */
export function scrollToFirstError(): void {
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>('[data-error="true"], input[aria-invalid="true"], textarea[aria-invalid="true"]');
    if (!field) return;
    field.scrollIntoView({ behavior: 'smooth', block: 'center' });
    field.focus({ preventScroll: true });
  });
}
