// The article reader: a version's text, section by section, with where it is in its life cycle
// and the actions that move it (edit, submit, withdraw, approve, reject, archive, delete; on a
// published version, Edit drafts the next version), its versions with their comparison, its
// comments and its history.
import { ActionIcon, Alert, Anchor, Badge, Button, Card, Divider, Grid, Group, Menu, Stack, Tabs, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArrowBackUp,
  IconCheck,
  IconClockHour4,
  IconDots,
  IconEdit,
  IconInfoCircle,
  IconMessageReport,
  IconSend,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import type { Schemas } from '@/shared/api/client';
import { useOwnerNames } from '@/shared/api/lookups';
import { ApiProblem, problemDetail } from '@/shared/api/problem';
import { useArticleTemplates, type KnowledgeArticle } from '@/shared/knowledge/api';
import { ArticleHtml } from '@/shared/knowledge/ArticleText';
import { ArticleStatusBadge, VisibilityBadge } from '@/shared/knowledge/Badges';
import { formatUses, VISIBILITY } from '@/shared/knowledge/words';
import { picklistLabel, useCasePicklist } from '@/shared/service/api';
import type { AllowedActions } from '@/shared/session/privileges';
import { useMe, usePrivileges } from '@/shared/session/useSession';
import { AssignAction } from '@/shared/ui/AssignAction';
import { DetailList } from '@/shared/ui/DetailList';
import { formatDateTime, formatRelative } from '@/shared/ui/format';
import { HistoryTimeline } from '@/shared/ui/HistoryTimeline';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordLoader } from '@/shared/ui/RecordPage';
import { QueryError } from '@/shared/ui/States';

import { articleActions, type ArticleAction } from './actions';
import { useArticle, useArticleAction, useArticleHistory, useAssignArticle, useDeleteArticle, useUpdateArticle, useVersions, type LifeCycleAction } from './api';
import { RejectDialog } from './ArticleDialogs';
import { CommentsPanel } from './CommentsPanel';
import { sectionsText } from './diff';
import { VersionsCard } from './VersionsCard';

export function ArticleShow() {
  const { id = '' } = useParams();
  const article = useArticle(id);
  return (
    <RecordLoader query={article} what="article" listPath="/knowledge" listLabel="the knowledge base">
      {(loaded) => <ArticleView key={loaded.record.id} article={loaded.record} allowed={loaded.allowed} />}
    </RecordLoader>
  );
}

/** A refusal of an action, said plainly. */
function refused(title: string, error: unknown) {
  const stale = error instanceof ApiProblem && error.status === 412;
  notifications.show({
    color: 'red',
    title,
    message: stale ? 'The article changed since you opened it. It has been reloaded: look, then try again.' : problemDetail(error),
    autoClose: 8000,
  });
}

const MOVES: Record<LifeCycleAction, { label: string; done: (a: KnowledgeArticle) => string; message: string }> = {
  submit: { label: 'Submit for approval', done: (a) => `${a.number} submitted`, message: 'It waits in the unapproved folder for a knowledge manager.' },
  withdraw: { label: 'Withdraw', done: (a) => `${a.number} withdrawn`, message: 'It is a draft again: change it, then submit it again.' },
  approve: { label: 'Approve', done: (a) => `${a.number} published`, message: 'Search finds it from now on; the version published before it is archived.' },
  archive: { label: 'Archive', done: (a) => `${a.number} archived`, message: 'Search no longer finds it. Cases it answered keep their link.' },
};

function ArticleView({ article: a, allowed }: { article: KnowledgeArticle; allowed: AllowedActions }) {
  const navigate = useNavigate();
  const privileges = usePrivileges();
  const [rejecting, setRejecting] = useState(false);
  const submit = useArticleAction(a.id, 'submit');
  const withdraw = useArticleAction(a.id, 'withdraw');
  const approve = useArticleAction(a.id, 'approve');
  const archive = useArticleAction(a.id, 'archive');
  const update = useUpdateArticle(a.id);
  const remove = useDeleteArticle(a.id);
  const assign = useAssignArticle(a.id);
  const versions = useVersions(a.id);
  const names = useOwnerNames([a.owner_id, a.published_by, a.submitted_by, a.updated_by]).data;
  const subjects = useCasePicklist('subject').data;
  const templates = useArticleTemplates(Boolean(a.template_id)).data;
  const actions = articleActions(a, allowed, {
    approve: privileges.can('knowledge-articles', 'approve'),
    create: privileges.can('knowledge-articles', 'create'),
  });
  const can = (action: ArticleAction) => actions.has(action);
  const latest = versions.data?.data.find((v) => v.is_latest_version);
  const mutations = { submit, withdraw, approve, archive };
  const busy = submit.isPending || withdraw.isPending || approve.isPending || archive.isPending || update.isPending;
  const name = (id: string | null | undefined) => (id ? (names?.get(id)?.name ?? '…') : null);

  const move = (action: LifeCycleAction) =>
    mutations[action].mutate(
      { body: null, version: a.version },
      {
        onSuccess: (saved) => notifications.show({ color: 'teal', title: MOVES[action].done(saved), message: MOVES[action].message }),
        onError: (error) => refused(`Could not ${MOVES[action].label.toLowerCase()}`, error),
      },
    );

  const startNewVersion = () =>
    modals.openConfirmModal({
      title: `Start version ${a.version_number + 1} of ${a.number}?`,
      children: (
        <Text size="sm">
          You write the changes in a new draft. This version stays published, and search keeps finding it, until the new one is approved.
        </Text>
      ),
      labels: { confirm: 'Start a new version', cancel: 'Cancel' },
      onConfirm: () =>
        update.mutate(
          { body: {}, version: a.version },
          {
            onSuccess: ({ article }) => {
              notifications.show({ color: 'teal', title: `Version ${article.version_number} drafted`, message: 'Change it, then submit it for approval.' });
              void navigate(`/knowledge/${article.id}/edit`);
            },
            onError: (error) => refused('Could not start a new version', error),
          },
        ),
    });

  const confirmArchive = () =>
    modals.openConfirmModal({
      title: `Archive ${a.number}?`,
      children: <Text size="sm">Search stops finding it and it is no longer suggested for cases. It stays readable, and the cases it answered keep their link.</Text>,
      labels: { confirm: 'Archive', cancel: 'Cancel' },
      confirmProps: { color: 'orange' },
      onConfirm: () => move('archive'),
    });

  const confirmDelete = () =>
    modals.openConfirmModal({
      title: `Delete this draft of ${a.number}?`,
      children: (
        <Text size="sm">
          {a.version_number > 1
            ? `Version ${a.version_number} is deleted; version ${a.version_number - 1} stays as it is.`
            : 'The article is deleted with its comments.'}{' '}
          This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete draft', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(a.version, {
          onSuccess: () => {
            notifications.show({ color: 'teal', title: 'Draft deleted', message: `${a.number} ${a.title}` });
            const previous = versions.data?.data.find((v) => v.id !== a.id);
            void navigate(previous ? `/knowledge/${previous.id}` : '/knowledge?folder=drafts');
          },
          onError: (error) => refused('Could not delete the draft', error),
        }),
    });

  const described = [
    a.subject ? picklistLabel(subjects, a.subject) : null,
    a.status === 'published' || a.status === 'archived'
      ? a.published_at
        ? `Published ${formatDateTime(a.published_at)}${a.published_by ? ` by ${name(a.published_by) ?? ''}` : ''}`
        : null
      : `Written by ${name(a.owner_id) ?? '…'}, changed ${formatRelative(a.updated_at)}`,
    formatUses(a.use_count),
  ].filter(Boolean);

  return (
    <>
      <PageHeader
        title={a.title}
        crumbs={[{ label: 'Knowledge', to: '/knowledge' }]}
        badges={
          <>
            <Text ff="monospace" c="dimmed" size="sm" aria-label="Article number">
              {a.number}
            </Text>
            <Badge variant="default" radius="sm" aria-label="Version">
              Version {a.version_number}
            </Badge>
            <ArticleStatusBadge status={a.status} />
            <VisibilityBadge visibility={a.visibility} />
          </>
        }
        description={described.join(' · ')}
        actions={
          <>
            {(can('delete') || can('archive')) && (
              <Menu position="bottom-end" shadow="md">
                <Menu.Target>
                  <ActionIcon variant="default" size="lg" aria-label="More actions">
                    <IconDots size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {can('archive') && (
                    <Menu.Item leftSection={<IconArchive size={16} />} onClick={confirmArchive}>
                      Archive…
                    </Menu.Item>
                  )}
                  {can('delete') && (
                    <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={confirmDelete}>
                      Delete draft
                    </Menu.Item>
                  )}
                </Menu.Dropdown>
              </Menu>
            )}
            {can('assign') && (
              <AssignAction
                what="article"
                name={a.number}
                ownerId={a.owner_id}
                onAssign={(ownerId) =>
                  assign.mutateAsync(
                    { body: { owner_id: ownerId }, version: a.version },
                    { onSuccess: () => notifications.show({ color: 'teal', title: 'Assigned', message: `${a.number} has a new writer.` }) },
                  )
                }
              />
            )}
            {can('edit') && (
              <Button component={Link} to={`/knowledge/${a.id}/edit`} variant="default" leftSection={<IconEdit size={16} />}>
                Edit
              </Button>
            )}
            {can('new-version') && (
              <Button variant="default" leftSection={<IconEdit size={16} />} onClick={startNewVersion} loading={update.isPending}>
                Edit
              </Button>
            )}
            {can('withdraw') && (
              <Button variant="default" leftSection={<IconArrowBackUp size={16} />} onClick={() => move('withdraw')} disabled={busy}>
                Withdraw
              </Button>
            )}
            {can('submit') && (
              <Button leftSection={<IconSend size={16} />} onClick={() => move('submit')} loading={submit.isPending} disabled={busy}>
                Submit for approval
              </Button>
            )}
            {can('reject') && (
              <Button color="red" variant="light" leftSection={<IconX size={16} />} onClick={() => setRejecting(true)} disabled={busy}>
                Reject
              </Button>
            )}
            {can('approve') && (
              <Button color="teal" leftSection={<IconCheck size={16} />} onClick={() => move('approve')} loading={approve.isPending} disabled={busy}>
                Approve
              </Button>
            )}
          </>
        }
      />
      <Stack gap="sm" mb="lg">
        {a.status === 'draft' && a.rejection_reason && (
          <Alert color="orange" variant="light" icon={<IconMessageReport />} title="Sent back: what must change">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {a.rejection_reason}
            </Text>
          </Alert>
        )}
        {a.status === 'submitted' && (
          <Alert color="yellow" variant="light" icon={<IconClockHour4 />} title={`Awaiting approval since ${formatRelative(a.submitted_at)}`}>
            Submitted by {name(a.submitted_by) ?? 'its writer'} on {formatDateTime(a.submitted_at)}. Search finds it once a knowledge manager approves it.
          </Alert>
        )}
        {latest && latest.id !== a.id && (
          <Alert color="blue" variant="light" icon={<IconInfoCircle />} title={`This is version ${a.version_number}; version ${latest.version_number} is the newest`}>
            <Anchor component={Link} to={`/knowledge/${latest.id}`} size="sm">
              Read version {latest.version_number} ({latest.status === 'published' ? 'published' : latest.status})
            </Anchor>
          </Alert>
        )}
        {a.status === 'archived' && (
          <Alert color="gray" variant="light" icon={<IconArchive />} title={`Archived ${formatRelative(a.archived_at)}`}>
            Search no longer finds this version. Cases it answered keep their link to it.
          </Alert>
        )}
      </Stack>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <ArticleCard article={a} />
            <ArticleTabs article={a} />
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
                  { label: 'Writer', value: name(a.owner_id) },
                  { label: 'Subject', value: a.subject ? picklistLabel(subjects, a.subject) : null },
                  { label: 'Visibility', value: VISIBILITY[a.visibility].help },
                  { label: 'Template', value: a.template_id ? (templates?.find((t) => t.id === a.template_id)?.name ?? '…') : null },
                  { label: 'Submitted', value: a.submitted_at ? `${formatDateTime(a.submitted_at)} by ${name(a.submitted_by) ?? '…'}` : null },
                  { label: 'Published', value: a.published_at ? `${formatDateTime(a.published_at)} by ${name(a.published_by) ?? '…'}` : null },
                  { label: 'Uses', value: formatUses(a.use_count) },
                  { label: 'Created', value: formatDateTime(a.created_at) },
                  { label: 'Last changed', value: `${formatRelative(a.updated_at)}${a.updated_by ? ` by ${name(a.updated_by) ?? '…'}` : ''}` },
                ]}
              />
            </Card>
            <VersionsCard article={a} versions={versions} />
          </Stack>
        </Grid.Col>
      </Grid>
      {rejecting && <RejectDialog article={a} onClose={() => setRejecting(false)} />}
    </>
  );
}

/** The text: its keywords, then each section under its heading. */
function ArticleCard({ article: a }: { article: KnowledgeArticle }) {
  const written = a.sections.filter((s) => (s.body ?? '').trim() !== '' || (s.title ?? '') !== '');
  return (
    <Card withBorder radius="md" padding="xl" component="article" aria-label={a.title}>
      {a.keywords.length > 0 && (
        <Group gap={6} mb="lg" aria-label="Keywords">
          {a.keywords.map((k) => (
            <Badge key={k} variant="light" color="gray" radius="xl" tt="none">
              {k}
            </Badge>
          ))}
        </Group>
      )}
      {written.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing written yet.
        </Text>
      ) : (
        <Stack gap="lg">
          {written.map((section, index) => (
            <Stack key={`${section.title ?? ''}-${index}`} gap="xs" component="section" aria-label={section.title || undefined}>
              {index > 0 && <Divider />}
              {section.title && (
                <Title order={3} fw={600} mt={index > 0 ? 'xs' : 0}>
                  {section.title}
                </Title>
              )}
              {(section.body ?? '').trim() === '' ? (
                <Text c="dimmed" size="sm" fs="italic">
                  Not written yet.
                </Text>
              ) : (
                <ArticleHtml html={section.body ?? ''} />
              )}
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function ArticleTabs({ article: a }: { article: KnowledgeArticle }) {
  const [tab, setTab] = useState<string | null>('comments');
  const history = useArticleHistory(a.id, tab === 'history');
  const me = useMe();
  return (
    <Card withBorder radius="md" padding={0}>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List px="md" pt={4}>
          <Tabs.Tab value="comments">Comments</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="comments" p="lg">
          <CommentsPanel article={a} />
        </Tabs.Panel>
        <Tabs.Panel value="history" p="lg">
          {history.error ? <QueryError error={history.error} /> : history.data ? <HistoryTimeline changes={readable(history.data.data)} meId={me.data?.id} /> : null}
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}

/**
 * An article's changes as people read them: its text as words rather than HTML, once (the
 * whole `body` repeats the sections).
 */
function readable(changes: Schemas['Change'][]): Schemas['Change'][] {
  return changes.map((change) => ({
    ...change,
    changes: change.changes
      .filter((c) => c.field !== 'body')
      .map((c) => (c.field === 'sections' ? { ...c, old: sectionsText(c.old), new: sectionsText(c.new) } : c)),
  }));
}
