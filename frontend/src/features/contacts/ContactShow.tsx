// The contact page: who the person is, how to reach them, what they consented to, history.
import { Anchor, Avatar, Badge, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';

import { useAccountOption, useOwnerNames } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';
import type { AllowedActions } from '@/shared/session/privileges';
import { AssignAction } from '@/shared/ui/AssignAction';
import { DetailList } from '@/shared/ui/DetailList';
import { formatDate, humanize, initials } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordMetaCard } from '@/shared/ui/RecordMeta';
import { RecordActions, RecordLoader } from '@/shared/ui/RecordPage';
import { formatAddress } from '@/shared/ui/AddressInputs';
import { RecordTimeline } from '@/shared/timeline/RecordTimeline';

import { contactKeys, useAssignContact, useContact, useDeleteContact, type Contact } from './api';

export function ContactShow() {
  const { id = '' } = useParams();
  const contact = useContact(id);
  return (
    <RecordLoader query={contact} what="contact" listPath="/contacts" listLabel="contacts">
      {(loaded) => <ContactView contact={loaded.record} allowed={loaded.allowed} />}
    </RecordLoader>
  );
}

function Consent({ label, refused }: { label: string; refused: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      {refused ? <IconX size={16} color="var(--mantine-color-orange-7)" /> : <IconCheck size={16} color="var(--mantine-color-teal-7)" />}
      <Text size="sm">
        {label}: {refused ? 'no' : 'yes'}
      </Text>
    </Group>
  );
}

function ContactView({ contact, allowed }: { contact: Contact; allowed: AllowedActions }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useDeleteContact(contact.id);
  const assign = useAssignContact(contact.id);
  const owner = useOwnerNames([contact.owner_id]).data?.get(contact.owner_id);
  const account = useAccountOption(contact.account_id);

  const onDelete = () =>
    remove.mutate(contact.version, {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Contact deleted', message: contact.full_name });
        void navigate(contact.account_id ? `/accounts/${contact.account_id}` : '/contacts');
      },
      onError: (error) => notifications.show({ color: 'red', title: 'Could not delete', message: problemDetail(error) }),
    });

  const onAssign = async (ownerId: string) => {
    const loaded = await assign.mutateAsync({ ownerId, version: contact.version });
    if (loaded) {
      notifications.show({ color: 'teal', title: 'Contact assigned', message: `${contact.full_name} has a new owner.` });
      return;
    }
    notifications.show({ color: 'teal', title: 'Contact assigned', message: `${contact.full_name} now belongs to someone whose records you do not see.` });
    await navigate('/contacts');
    queryClient.removeQueries({ queryKey: contactKeys.one(contact.id) });
  };

  const address = formatAddress(contact);
  const role = [contact.job_title, contact.department].filter(Boolean).join(', ');

  return (
    <>
      <PageHeader
        title={
          <Group gap="md" wrap="nowrap">
            <Avatar size={48} radius="xl" color="blue">
              {initials(contact.full_name)}
            </Avatar>
            <span>{[contact.salutation, contact.full_name].filter(Boolean).join(' ')}</span>
          </Group>
        }
        crumbs={[{ label: 'Contacts', to: '/contacts' }]}
        description={
          role || account.data ? (
            <>
              {role}
              {role && account.data ? ' at ' : ''}
              {account.data && (
                <Anchor component={Link} to={`/accounts/${account.data.value}`} size="sm">
                  {account.data.label}
                </Anchor>
              )}
            </>
          ) : undefined
        }
        badges={contact.do_not_email ? <Badge color="orange" variant="light">Do not email</Badge> : undefined}
        actions={
          <>
            {allowed.has('assign') && <AssignAction what="contact" name={contact.full_name} ownerId={contact.owner_id} onAssign={onAssign} />}
            <RecordActions
              editTo={`/contacts/${contact.id}/edit`}
              canUpdate={allowed.has('update')}
              canDelete={allowed.has('delete')}
              what="contact"
              name={contact.full_name}
              consequence="Accounts that had them as primary contact keep existing without one."
              onDelete={onDelete}
            />
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                Details
              </Title>
              <DetailList
                items={[
                  { label: 'Email', value: contact.email ? <Anchor href={`mailto:${contact.email}`} size="sm">{contact.email}</Anchor> : null },
                  { label: 'Business phone', value: contact.phone ? <Anchor href={`tel:${contact.phone}`} size="sm">{contact.phone}</Anchor> : null },
                  { label: 'Mobile phone', value: contact.mobile_phone ? <Anchor href={`tel:${contact.mobile_phone}`} size="sm">{contact.mobile_phone}</Anchor> : null },
                  { label: 'Preferred contact method', value: humanize(contact.preferred_contact_method) },
                  { label: 'Address', value: address },
                  { label: 'Birthday', value: formatDate(contact.birthdate) },
                  { label: 'Owner', value: owner ? `${owner.name}${owner.kind === 'team' ? ' (team)' : ''}` : null },
                  { label: 'Description', value: contact.description, span: true },
                ]}
              />
            </Card>
            <RecordTimeline kind="contacts" id={contact.id} name={contact.full_name} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                Consent
              </Title>
              <Stack gap="xs">
                <Consent label="Emails" refused={contact.do_not_email} />
                <Consent label="Phone calls" refused={contact.do_not_phone} />
                <Consent label="Marketing emails" refused={contact.do_not_bulk_email} />
              </Stack>
            </Card>
            <RecordMetaCard record={contact} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
