import { describe, expect, it } from 'vitest';

import { parseAllowedActions } from '@/shared/session/privileges';

import { articleActions } from './actions';

const all = parseAllowedActions('update, delete, assign');
const none = parseAllowedActions('');
const writer = { approve: false, create: true };
const manager = { approve: true, create: true };

describe('the actions of a version', () => {
  it('lets a draft be edited, submitted and deleted by whoever may change it', () => {
    expect([...articleActions({ status: 'draft', is_latest_version: true }, all, writer)].sort()).toEqual(['assign', 'delete', 'edit', 'submit']);
    expect(articleActions({ status: 'draft', is_latest_version: true }, none, manager).size).toBe(0);
  });

  it('shows Approve and Reject only to approvers', () => {
    const submitted = { status: 'submitted', is_latest_version: true } as const;
    expect(articleActions(submitted, all, writer).has('approve')).toBe(false);
    expect(articleActions(submitted, all, writer).has('withdraw')).toBe(true);
    expect([...articleActions(submitted, none, manager)].sort()).toEqual(['approve', 'reject']);
  });

  it('starts a new version from the newest published one only', () => {
    expect(articleActions({ status: 'published', is_latest_version: true }, all, writer).has('new-version')).toBe(true);
    expect(articleActions({ status: 'published', is_latest_version: false }, all, writer).has('new-version')).toBe(false);
    expect(articleActions({ status: 'published', is_latest_version: true }, all, manager).has('archive')).toBe(true);
    expect(articleActions({ status: 'published', is_latest_version: true }, all, manager).has('delete')).toBe(false);
    expect(articleActions({ status: 'archived', is_latest_version: true }, all, manager).size).toBe(0);
  });
});
