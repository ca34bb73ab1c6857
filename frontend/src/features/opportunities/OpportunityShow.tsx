// The opportunity page: the deal at a glance, its stage in the sales process (click a stage to
// move it there), win and lose with what was learned, the people and rivals in it, who shares the
// credit, its history; edit and delete.
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Modal, Select, Stack, Stepper, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconThumbDown, IconTrophy } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { useAccountOption, useContactOption, useOwnerNames, useUsersById } from '@/shared/api/lookups';
import { fieldErrors, problemDetail } from '@/shared/api/problem';
import { contactQuery } from '@/shared/api/records';
import type { AllowedActions } from '@/shared/session/privileges';
import { DetailList } from '@/shared/ui/DetailList';
import { formatDate, formatMoney } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordMetaCard } from '@/shared/ui/RecordMeta';
import { RecordActions, RecordLoader } from '@/shared/ui/RecordPage';
import { RecordTimeline } from '@/shared/timeline/RecordTimeline';

import {
  useChangeStage,
  useCompetitors,
  useDeleteOpportunity,
  useLose,
  useOpportunity,
  useReopenOpportunity,
  useSalesStages,
  useWin,
  type Opportunity,
} from './api';
import { OpportunityStatusBadge } from './StatusBadge';

export function OpportunityShow() {
  const { id = '' } = useParams();
  const opportunity = useOpportunity(id);
  return (
    <RecordLoader query={opportunity} what="opportunity" listPath="/opportunities" listLabel="opportunities">
      {(loaded) => <OpportunityView opportunity={loaded.record} allowed={loaded.allowed} />}
    </RecordLoader>
  );
}

function OpportunityView({ opportunity: o, allowed }: { opportunity: Opportunity; allowed: AllowedActions }) {
  const navigate = useNavigate();
  const stages = useSalesStages();
  const contact = useContactOption(o.contact_id);
  const sharers = useUsersById(o.revenue_split.map((s) => s.user_id)).data;
  const remove = useDeleteOpportunity(o.id);
  const competitors = useCompetitors();
  const account = useAccountOption(o.account_id);
  const owner = useOwnerNames([o.owner_id]).data?.get(o.owner_id);
  const changeStage = useChangeStage(o.id);
  const reopen = useReopenOpportunity(o.id);
  const [winning, setWinning] = useState(false);
  const [losing, setLosing] = useState(false);
  const canUpdate = allowed.has('update');
  const open = o.status === 'open';
  const shown = (stages.data ?? []).filter((s) => s.is_active || s.value === o.stage);
  const at = shown.findIndex((s) => s.value === o.stage);
  const rivalName = (id: string | null) => competitors.data?.find((c) => c.id === id)?.name ?? null;

  const moveTo = (index: number) => {
    const stage = shown[index];
    if (!stage || !open || !canUpdate || stage.value === o.stage) return;
    changeStage.mutate(
      { body: stage.value, version: o.version },
      {
        onSuccess: (changed) => notifications.show({ color: 'teal', title: `Moved to ${stage.label}`, message: `Probability ${changed.probability}%` }),
        onError: (error) => notifications.show({ color: 'red', title: 'Could not change the stage', message: problemDetail(error) }),
      },
    );
  };

  return (
    <>
      <PageHeader
        title={o.name}
        crumbs={[{ label: 'Opportunities', to: '/opportunities' }]}
        badges={<OpportunityStatusBadge status={o.status} />}
        description={
          account.data ? (
            <Anchor component={Link} to={`/accounts/${account.data.value}`} size="sm">
              {account.data.label}
            </Anchor>
          ) : undefined
        }
        actions={
          <>
            <RecordActions
              editTo={`/opportunities/${o.id}/edit`}
              canUpdate={canUpdate}
              canDelete={allowed.has('delete')}
              what="opportunity"
              name={o.name}
              consequence="The opportunity, its key people, competitors and revenue split are deleted."
              onDelete={() =>
                remove.mutate(o.version, {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', title: 'Opportunity deleted', message: o.name });
                    void navigate('/opportunities');
                  },
                  onError: (error) => notifications.show({ color: 'red', title: 'Could not delete it', message: problemDetail(error) }),
                })
              }
            />
            {canUpdate &&
            (open ? (
              <>
                <Button variant="default" leftSection={<IconThumbDown size={16} />} onClick={() => setLosing(true)}>
                  Lose
                </Button>
                <Button color="teal" leftSection={<IconTrophy size={16} />} onClick={() => setWinning(true)}>
                  Win
                </Button>
              </>
            ) : (
              <Button
                variant="default"
                leftSection={<IconArrowBackUp size={16} />}
                loading={reopen.isPending}
                onClick={() =>
                  reopen.mutate(
                    { body: null, version: o.version },
                    { onError: (error) => notifications.show({ color: 'red', title: 'Could not reopen', message: problemDetail(error) }) },
                  )
                }
              >
                Reopen
              </Button>
            ))}
          </>
        }
      />
      <Card withBorder radius="md" padding="lg" mb="lg">
        <Stepper active={open ? at : shown.length} onStepClick={moveTo} allowNextStepsSelect={open && canUpdate} size="sm">
          {shown.map((s) => (
            <Stepper.Step key={s.value} label={s.label} description={`${s.default_probability}%`} aria-label={`Stage ${s.label}`} />
          ))}
        </Stepper>
        {o.status === 'won' && (
          <Alert color="teal" mt="md" title="Won">
            {formatMoney(o.actual_revenue, o.currency)} on {formatDate(o.actual_close_date)}
          </Alert>
        )}
        {o.status === 'lost' && (
          <Alert color="gray" mt="md" title={`Lost${o.winning_competitor_id ? ` to ${rivalName(o.winning_competitor_id) ?? 'a competitor'}` : ''}`}>
            {o.loss_reason}
          </Alert>
        )}
      </Card>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                The deal
              </Title>
              <DetailList
                items={[
                  { label: 'Estimated revenue', value: formatMoney(o.estimated_revenue, o.currency) || null },
                  { label: 'Probability', value: `${o.probability}%` },
                  { label: 'Expected close', value: formatDate(o.estimated_close_date) || null },
                  {
                    label: 'Competitors',
                    value:
                      o.competitor_ids.length > 0 ? (
                        <Group gap={6}>
                          {o.competitor_ids.map((id) => (
                            <Badge key={id} variant="light" color="grape" radius="sm" tt="none">
                              {rivalName(id) ?? 'Competitor'}
                            </Badge>
                          ))}
                        </Group>
                      ) : null,
                  },
                  { label: 'Key people', value: o.key_people.length > 0 ? <KeyPeople opportunity={o} /> : null, span: true },
                  { label: 'Description', value: o.description, span: true },
                ]}
              />
            </Card>
            <RecordTimeline kind="opportunities" id={o.id} name={o.name} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                About
              </Title>
              <DetailList
                cols={1}
                items={[
                  { label: 'Owner', value: owner?.name ?? null },
                  {
                    label: 'Contact',
                    value: contact.data ? (
                      <Anchor component={Link} to={`/contacts/${contact.data.value}`} size="sm">
                        {contact.data.label}
                      </Anchor>
                    ) : null,
                  },
                  {
                    label: 'Revenue split',
                    value:
                      o.revenue_split.length > 0 ? (
                        <Stack gap={2}>
                          {o.revenue_split.map((share) => (
                            <Group key={share.user_id} justify="space-between" gap="xs" wrap="nowrap">
                              <Text size="sm">{sharers?.get(share.user_id)?.full_name ?? 'User'}</Text>
                              <Text size="sm" fw={600}>
                                {share.share_percent}%
                              </Text>
                            </Group>
                          ))}
                        </Stack>
                      ) : (
                        <Text size="sm" c="dimmed">
                          All to the owner
                        </Text>
                      ),
                  },
                  {
                    label: 'From lead',
                    value: o.originating_lead_id ? (
                      <Anchor component={Link} to={`/leads/${o.originating_lead_id}`} size="sm">
                        Open the lead
                      </Anchor>
                    ) : null,
                  },
                ]}
              />
            </Card>
            <RecordMetaCard record={o} />
          </Stack>
        </Grid.Col>
      </Grid>
      <WinDialog opportunity={o} opened={winning} onClose={() => setWinning(false)} />
      <LoseDialog opportunity={o} opened={losing} onClose={() => setLosing(false)} />
    </>
  );
}

function KeyPeople({ opportunity }: { opportunity: Opportunity }) {
  return (
    <Stack gap={2}>
      {opportunity.key_people.map((p) => (
        <Text key={p.contact_id} size="sm">
          <ContactName id={p.contact_id} />
          {p.role ? ` · ${p.role}` : ''}
        </Text>
      ))}
    </Stack>
  );
}

function ContactName({ id }: { id: string }) {
  const contact = useQuery({ ...contactQuery(id), select: (loaded) => loaded.record });
  return (
    <Anchor component={Link} to={`/contacts/${id}`} size="sm">
      {contact.data?.full_name ?? 'Contact'}
    </Anchor>
  );
}

function WinDialog({ opportunity: o, opened, onClose }: { opportunity: Opportunity; opened: boolean; onClose: () => void }) {
  const win = useWin(o.id);
  const [revenue, setRevenue] = useState<string>(o.estimated_revenue ?? '');
  const [currency, setCurrency] = useState('');
  const [date, setDate] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [currencyError, setCurrencyError] = useState<string | null>(null);
  const submit = () =>
    win.mutate(
      {
        body: { actual_revenue: revenue.trim() || null, actual_close_date: date, currency: o.currency ? null : currency.trim() || null },
        version: o.version,
      },
      {
        onSuccess: () => {
          onClose();
          notifications.show({ color: 'teal', title: 'Won', message: `${o.name} is won.` });
        },
        onError: (e) => {
          const fields = fieldErrors(e);
          setCurrencyError(fields.currency ?? null);
          setError(fields.actual_revenue ?? (fields.currency ? null : problemDetail(e)));
        },
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={`Win ${o.name}`}>
      <Stack>
        {!o.currency && (
          <TextInput
            label="Currency"
            description="ISO 4217 code, such as USD or EUR: the deal has none yet"
            value={currency}
            onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
            error={currencyError}
            maxLength={3}
            w={220}
          />
        )}
        <TextInput
          label={`Actual revenue${o.currency ? ` (${o.currency})` : ''}`}
          description="As a decimal number, such as 118000.00"
          value={revenue}
          onChange={(e) => setRevenue(e.currentTarget.value)}
          error={error}
          inputMode="decimal"
        />
        <TextInput type="date" label="Close date" description="Today when left empty" value={date ?? ''} onChange={(e) => setDate(e.currentTarget.value || null)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="teal" onClick={submit} loading={win.isPending}>
            Mark as won
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function LoseDialog({ opportunity: o, opened, onClose }: { opportunity: Opportunity; opened: boolean; onClose: () => void }) {
  const lose = useLose(o.id);
  const competitors = useCompetitors();
  const [reason, setReason] = useState('');
  const [competitor, setCompetitor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (!reason.trim()) {
      setError('Write what was learned: why was it lost?');
      return;
    }
    lose.mutate(
      { body: { reason, competitor_id: competitor }, version: o.version },
      {
        onSuccess: () => {
          onClose();
          notifications.show({ color: 'teal', title: 'Lost', message: `${o.name} is closed as lost.` });
        },
        onError: (e) => setError(fieldErrors(e).reason ?? problemDetail(e)),
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={`Lose ${o.name}`}>
      <Stack>
        <Textarea label="Why was it lost?" description="The lesson learned, for the next deal." value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} required autosize minRows={3} />
        <Select label="Lost to" placeholder="No competitor" data={(competitors.data ?? []).map((c) => ({ value: c.id, label: c.name }))} value={competitor} onChange={setCompetitor} clearable searchable />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={submit} loading={lose.isPending}>
            Mark as lost
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

