import { describe, expect, it } from 'vitest';

import type { Opportunity, SalesStage } from './api';
import { boardColumns } from './board';
import { opportunityFormField } from './OpportunityInputs';

function stage(value: string, sort_order: number, is_active = true): SalesStage {
  return { id: value, value, label: value.toUpperCase(), sort_order, default_probability: 10, is_active, created_at: '', updated_at: '', version: 1 };
}

function deal(id: string, stageValue: string, estimated_revenue: string | null, currency: string | null): Opportunity {
  return {
    id,
    name: id,
    stage: stageValue,
    probability: 10,
    status: 'open',
    stage_changed_at: '',
    key_people: [],
    competitor_ids: [],
    revenue_split: [],
    owner_id: 'u',
    business_unit_id: 'b',
    created_at: '',
    updated_at: '',
    version: 1,
    estimated_revenue,
    currency,
  };
}

describe('the board', () => {
  it('has a column per active stage in order, with its deals and totals per currency', () => {
    const columns = boardColumns(
      [stage('proposal', 30), stage('prospecting', 10), stage('qualification', 20)],
      [deal('a', 'proposal', '100.10', 'EUR'), deal('b', 'proposal', '0.20', 'EUR'), deal('c', 'proposal', '5', 'USD'), deal('d', 'prospecting', null, null)],
    );
    expect(columns.map((c) => c.stage.value)).toEqual(['prospecting', 'qualification', 'proposal']);
    expect(columns.map((c) => c.opportunities.length)).toEqual([1, 0, 3]);
    expect(columns[2]?.totals).toEqual([
      { currency: 'EUR', amount: '100.30', count: 2 },
      { currency: 'USD', amount: '5', count: 1 },
    ]);
    expect(columns[0]?.totals).toEqual([]);
  });

  it('shows a retired stage only while deals hold it, and never loses a deal', () => {
    const stages = [stage('prospecting', 10), stage('demo', 15, false)];
    expect(boardColumns(stages, []).map((c) => c.stage.value)).toEqual(['prospecting']);
    const columns = boardColumns(stages, [deal('a', 'demo', null, null), deal('b', 'gone', null, null)]);
    expect(columns.map((c) => [c.stage.value, c.stage.is_active])).toEqual([
      ['prospecting', true],
      ['demo', false],
      ['gone', false],
    ]);
  });
});

describe('the opportunity form', () => {
  it('puts the server’s errors on the rows they are about', () => {
    expect(opportunityFormField('name')).toBe('name');
    expect(opportunityFormField('key_people[1]')).toBe('key_people.1.contact_id');
    expect(opportunityFormField('key_people[0].role')).toBe('key_people.0.role');
    expect(opportunityFormField('revenue_split[2]')).toBe('revenue_split.2.user_id');
    expect(opportunityFormField('revenue_split[0].share_percent')).toBe('revenue_split.0.share_percent');
    expect(opportunityFormField('revenue_split')).toBe('revenue_split');
    expect(opportunityFormField('competitor_ids[3]')).toBe('competitor_ids');
  });
});
