import type { components } from './schema';

export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

/** An error answered by the API as problem details (or a network failure shaped like one). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];

  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiProblem';
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
  }

  static fromUnknown(error: unknown, status: number): ApiProblem {
    if (isProblem(error)) return new ApiProblem(error);
    return new ApiProblem({
      type: 'about:blank',
      title: status === 0 ? 'Network error' : 'Unexpected response',
      status,
      detail: status === 0 ? 'The server could not be reached. Check your connection and try again.' : `The server answered ${status}.`,
    });
  }
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    'title' in value &&
    typeof (value as { status: unknown }).status === 'number'
  );
}

/** Field errors keyed by field name, for forms. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem)) return {};
  const map: Record<string, string> = {};
  for (const e of error.errors) {
    map[e.field] ??= e.message;
  }
  return map;
}

/** A sentence about what went wrong, for notifications. */
export function problemDetail(error: unknown): string {
  if (error instanceof ApiProblem) return error.detail;
  return error instanceof Error ? error.message : 'The request failed.';
}
