// The lead page: who they are, how promising, what they need; and the moves of its life cycle:
// mark contacted, qualify (into an account, a contact and an opportunity), disqualify, reopen.
import { Alert, Anchor, Button, Card, Checkbox, Grid, Group, Modal, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconCircleCheck, IconCircleX, IconEdit, IconPhoneCall } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { useOwnerNames } from '@/shared/api/lookups';
import { fieldErrors, problemDetail } from '@/shared/api/problem';
import type { AllowedActions } from '@/shared/session/privileges';
import { formatAddress } from '@/shared/ui/AddressInputs';
import { DetailList } from '@/shared/ui/DetailList';
import { formatMoney, formatNumber, formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordMetaCard } from '@/shared/ui/RecordMeta';
import { RecordLoader } from '@/shared/ui/RecordPage';
import { RecordTimeline } from '@/shared/timeline/RecordTimeline';

import {
  useDisqualify,
  useLead,
  useMarkContacted,
  usePicklist,
  usePicklistLabels,
  useQualify,
  useReopen,
  type Lead,
} from './api';
import { LeadStatusBadge } from './LeadStatusBadge';

export function LeadShow() {
  const { id = '' } = useParams();
  const lead = useLead(id);
  return (
    <RecordLoader query={lead} what="lead" listPath="/leads" listLabel="leads">
      {(loaded) => <LeadView lead={loaded.record} allowed={loaded.allowed} />}
    </RecordLoader>
  );
}

function LeadView({ lead, allowed }: { lead: Lead; allowed: AllowedActions }) {
  const owner = useOwnerNames([lead.owner_id]).data?.get(lead.owner_id);
  const labels = {
    rating: usePicklistLabels('leads', 'rating').data,
    source: usePicklistLabels('leads', 'source').data,
    need: usePicklistLabels('leads', 'need').data,
    timeline: usePicklistLabels('leads', 'decision_timeline').data,
    reason: usePicklistLabels('leads', 'disqualification_reason').data,
  };
  const label = (map: Map<string, string> | undefined, value: string | null | undefined) => (value ? (map?.get(value) ?? value) : null);
  const contacted = useMarkContacted(lead.id);
  const reopen = useReopen(lead.id);
  const [qualifying, setQualifying] = useState(false);
  const [disqualifying, setDisqualifying] = useState(false);
  const open = lead.status === 'new' || lead.status === 'contacted';
  const canUpdate = allowed.has('update');

  const onError = (title: string) => (error: unknown) => notifications.show({ color: 'red', title, message: problemDetail(error) });

  return (
    <>
      <PageHeader
        title={lead.full_name}
        crumbs={[{ label: 'Leads', to: '/leads' }]}
        badges={<LeadStatusBadge status={lead.status} />}
        description={[lead.job_title, lead.company_name].filter(Boolean).join(' at ') || undefined}
        actions={
          canUpdate && (
            <>
              <Button component={Link} to={`/leads/${lead.id}/edit`} variant="default" leftSection={<IconEdit size={16} />}>
                Edit
              </Button>
              {lead.status === 'new' && (
                <Button
                  variant="default"
                  leftSection={<IconPhoneCall size={16} />}
                  loading={contacted.isPending}
                  onClick={() => contacted.mutate({ body: null, version: lead.version }, { onError: onError('Could not mark it contacted') })}
                >
                  Mark contacted
                </Button>
              )}
              {open && (
                <>
                  <Button variant="default" color="red" leftSection={<IconCircleX size={16} />} onClick={() => setDisqualifying(true)}>
                    Disqualify
                  </Button>
                  <Button leftSection={<IconCircleCheck size={16} />} onClick={() => setQualifying(true)}>
                    Qualify
                  </Button>
                </>
              )}
              {!open && (
                <Button
                  variant="default"
                  leftSection={<IconArrowBackUp size={16} />}
                  loading={reopen.isPending}
                  onClick={() =>
                    reopen.mutate(
                      { body: null, version: lead.version },
                      {
                        onSuccess: () => notifications.show({ color: 'teal', title: 'Lead reopened', message: `${lead.full_name} is back in the work list.` }),
                        onError: onError('Could not reopen it'),
                      },
                    )
                  }
                >
                  Reopen
                </Button>
              )}
            </>
          )
        }
      />
      {lead.status === 'qualified' && <Qualified lead={lead} />}
      {lead.status === 'disqualified' && (
        <Alert color="gray" mb="lg" title={`Disqualified: ${label(labels.reason, lead.disqualification_reason) ?? 'no reason'}`}>
          {lead.disqualification_note ?? 'The lead is kept for reporting. Reopen it to work it again.'}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                Qualification
              </Title>
              <DetailList
                items={[
                  { label: 'Subject', value: lead.subject, span: true },
                  { label: 'Rating', value: label(labels.rating, lead.rating) },
                  { label: 'Source', value: label(labels.source, lead.source) },
                  { label: 'Budget', value: formatMoney(lead.budget_amount, lead.currency) || null },
                  { label: 'Decision maker', value: lead.is_decision_maker === null ? null : lead.is_decision_maker ? 'Yes' : 'No' },
                  { label: 'Need', value: label(labels.need, lead.need) },
                  { label: 'Decision timeline', value: label(labels.timeline, lead.decision_timeline) },
                  { label: 'Notes', value: lead.description, span: true },
                ]}
              />
            </Card>
            <RecordTimeline kind="leads" id={lead.id} name={lead.full_name} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                Contact
              </Title>
              <DetailList
                cols={1}
                items={[
                  { label: 'Owner', value: owner ? owner.name : null },
                  { label: 'Email', value: lead.email ? <Anchor href={`mailto:${lead.email}`} size="sm">{lead.email}</Anchor> : null },
                  { label: 'Phone', value: lead.phone ? <Anchor href={`tel:${lead.phone}`} size="sm">{lead.phone}</Anchor> : null },
                  { label: 'Mobile', value: lead.mobile_phone },
                  { label: 'Address', value: formatAddress(lead) },
                  { label: 'Industry', value: lead.industry },
                  { label: 'Employees', value: formatNumber(lead.employees) },
                  { label: 'Last worked on', value: lead.last_touched_at ? formatRelative(lead.last_touched_at) : 'Not yet' },
                ]}
              />
            </Card>
            <RecordMetaCard record={lead} />
          </Stack>
        </Grid.Col>
      </Grid>
      <QualifyDialog lead={lead} opened={qualifying} onClose={() => setQualifying(false)} />
      <DisqualifyDialog lead={lead} opened={disqualifying} onClose={() => setDisqualifying(false)} />
    </>
  );
}

function Qualified({ lead }: { lead: Lead }) {
  return (
    <Alert color="teal" mb="lg" title="Qualified">
      <Group gap="lg">
        {lead.qualified_account_id && (
          <Anchor component={Link} to={`/accounts/${lead.qualified_account_id}`} size="sm">
            Open the account
          </Anchor>
        )}
        {lead.qualified_contact_id && (
          <Anchor component={Link} to={`/contacts/${lead.qualified_contact_id}`} size="sm">
            Open the contact
          </Anchor>
        )}
        {lead.qualified_opportunity_id && (
          <Anchor component={Link} to={`/opportunities/${lead.qualified_opportunity_id}`} size="sm">
            Open the opportunity
          </Anchor>
        )}
      </Group>
    </Alert>
  );
}

function QualifyDialog({ lead, opened, onClose }: { lead: Lead; opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const qualify = useQualify(lead.id);
  const [account, setAccount] = useState(Boolean(lead.company_name));
  const [contact, setContact] = useState(Boolean(lead.last_name));
  const [opportunity, setOpportunity] = useState(true);
  const [name, setName] = useState(lead.subject ?? lead.company_name ?? lead.full_name);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = () => {
    setProblem(null);
    qualify.mutate(
      {
        body: { create_account: account, create_contact: contact, create_opportunity: opportunity, opportunity_name: opportunity ? name : null },
        version: lead.version,
      },
      {
        onSuccess: (result) => {
          onClose();
          notifications.show({ color: 'teal', title: 'Lead qualified', message: `${lead.full_name} is now a customer record.` });
          if (result.opportunity_id) void navigate(`/opportunities/${result.opportunity_id}`);
        },
        onError: (error) => {
          const fields = Object.values(fieldErrors(error));
          setProblem(fields.length > 0 ? fields.join(' ') : problemDetail(error));
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Qualify ${lead.full_name}`}>
      <Stack>
        <Text size="sm" c="dimmed">
          The lead becomes what you choose, in one step, linked back to it.
        </Text>
        <Checkbox
          label={lead.company_name ? `Create the account ${lead.company_name}` : 'Create an account (the lead has no company)'}
          checked={account}
          disabled={!lead.company_name}
          onChange={(e) => setAccount(e.currentTarget.checked)}
        />
        <Checkbox
          label={lead.last_name ? `Create the contact ${lead.full_name}` : 'Create a contact (the lead has no last name)'}
          checked={contact}
          disabled={!lead.last_name}
          onChange={(e) => setContact(e.currentTarget.checked)}
        />
        <Checkbox label="Create an opportunity" checked={opportunity} onChange={(e) => setOpportunity(e.currentTarget.checked)} />
        {opportunity && <TextInput label="Opportunity name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />}
        {problem && <Alert color="red">{problem}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={qualify.isPending} disabled={!(account || contact || opportunity)}>
            Qualify
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DisqualifyDialog({ lead, opened, onClose }: { lead: Lead; opened: boolean; onClose: () => void }) {
  const reasons = usePicklist('leads', 'disqualification_reason');
  const disqualify = useDisqualify(lead.id);
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    if (!reason) {
      setError('Choose why the lead is not pursued');
      return;
    }
    disqualify.mutate(
      { body: { reason, note: note.trim() || null }, version: lead.version },
      {
        onSuccess: () => {
          onClose();
          notifications.show({ color: 'teal', title: 'Lead disqualified', message: `${lead.full_name} is kept for reporting.` });
        },
        onError: (e) => setError(fieldErrors(e).reason ?? problemDetail(e)),
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Disqualify ${lead.full_name}`}>
      <Stack>
        <Select
          label="Reason"
          placeholder="Why is the lead not pursued?"
          data={(reasons.data ?? []).map((r) => ({ value: r.value, label: r.label }))}
          value={reason}
          onChange={setReason}
          error={error}
          required
        />
        <Textarea label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={submit} loading={disqualify.isPending}>
            Disqualify
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
