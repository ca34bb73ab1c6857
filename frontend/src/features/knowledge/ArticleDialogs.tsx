// The dialogs of the reader: rejecting a submitted version with what must change, and comparing
// two versions (each field before and after; the sections side by side with a word diff).
import { Alert, Badge, Button, Group, Modal, ScrollArea, SimpleGrid, Skeleton, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowRight } from '@tabler/icons-react';
import { Fragment, useState, type ReactNode } from 'react';

import { fieldErrors, problemDetail } from '@/shared/api/problem';
import { useArticleTemplates, type KnowledgeArticle } from '@/shared/knowledge/api';
import { VISIBILITY } from '@/shared/knowledge/words';
import { picklistLabel, useCasePicklist } from '@/shared/service/api';
import { humanize } from '@/shared/ui/format';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useComparison, useRejectArticle, type VersionDifference } from './api';
import { asSections, asWords, htmlToText, pairSections, valueText, wordDiff, type DiffPart } from './diff';
import classes from './Knowledge.module.css';

export function RejectDialog({ article: a, onClose }: { article: KnowledgeArticle; onClose: () => void }) {
  const reject = useRejectArticle(a.id);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ field: string | null; other: string | null }>({ field: null, other: null });
  const submit = () => {
    if (!reason.trim()) {
      setError({ field: 'Say what must change: the writer reads it on their draft.', other: null });
      return;
    }
    reject.mutate(
      { body: { reason: reason.trim() }, version: a.version },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Sent back to its writer', message: `${a.number} is a draft again, with your reason.` });
          onClose();
        },
        onError: (e) => {
          const onField = fieldErrors(e).reason;
          setError(onField ? { field: onField, other: null } : { field: null, other: problemDetail(e) });
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Reject ${a.number}`} size="lg" centered>
      <Stack>
        <Text size="sm" c="dimmed">
          “{a.title}” goes back to its writer as a draft. It is not published until it is submitted and approved again.
        </Text>
        <Textarea
          label="What must change"
          placeholder="Name the firmware version the fix applies to, and add the screenshot of step 3."
          withAsterisk
          autosize
          minRows={4}
          maxRows={10}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError({ field: null, other: null });
          }}
          error={error.field}
          data-autofocus
        />
        {error.other && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle />} role="alert">
            {error.other}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Back
          </Button>
          <Button color="red" onClick={submit} loading={reject.isPending}>
            Reject
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The order of the fields in a comparison, and their names. */
const FIELD_ORDER = ['title', 'subject', 'visibility', 'keywords', 'template_id', 'sections'];
const FIELD_LABEL: Record<string, string> = {
  title: 'Title',
  subject: 'Subject',
  visibility: 'Visibility',
  keywords: 'Keywords',
  template_id: 'Template',
  sections: 'Text',
};

/** Compares an older version with a newer one of the same article. */
export function CompareDialog({ older, newer, onClose }: { older: KnowledgeArticle; newer: KnowledgeArticle; onClose: () => void }) {
  const comparison = useComparison(older.id, newer.id);
  const differences = [...(comparison.data?.differences ?? [])].sort((x, y) => rank(x.field) - rank(y.field));
  return (
    <Modal
      opened
      onClose={onClose}
      size="90rem"
      centered
      scrollAreaComponent={ScrollArea.Autosize}
      title={
        <Group gap="xs">
          <Text fw={600}>Compare versions of {older.number}</Text>
          <Badge variant="light" color="gray" radius="sm">
            v{older.version_number}
          </Badge>
          <IconArrowRight size={14} />
          <Badge variant="light" radius="sm">
            v{newer.version_number}
          </Badge>
        </Group>
      }
    >
      {comparison.error ? (
        <QueryError error={comparison.error} onRetry={() => void comparison.refetch()} />
      ) : comparison.isPending ? (
        <Stack>
          <Skeleton height={24} />
          <Skeleton height={120} />
        </Stack>
      ) : differences.length === 0 ? (
        <EmptyState title="The two versions say the same" description="No written field differs: only their life cycle does." />
      ) : (
        <Stack gap="xl">
          {differences.some((d) => d.field !== 'sections') && (
            <Table withTableBorder withColumnBorders verticalSpacing="sm" aria-label="Changed fields">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={140}>Field</Table.Th>
                  <Table.Th>Version {older.version_number}</Table.Th>
                  <Table.Th>Version {newer.version_number}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {differences
                  .filter((d) => d.field !== 'sections')
                  .map((d) => (
                    <FieldRow key={d.field} difference={d} />
                  ))}
              </Table.Tbody>
            </Table>
          )}
          {differences
            .filter((d) => d.field === 'sections')
            .map((d) => (
              <SectionsDiff key={d.field} before={d.from} after={d.to} olderLabel={`Version ${older.version_number}`} newerLabel={`Version ${newer.version_number}`} />
            ))}
        </Stack>
      )}
    </Modal>
  );
}

function rank(field: string): number {
  const at = FIELD_ORDER.indexOf(field);
  return at < 0 ? FIELD_ORDER.length : at;
}

function FieldRow({ difference: d }: { difference: VersionDifference }) {
  const subjects = useCasePicklist('subject').data;
  const templates = useArticleTemplates(d.field === 'template_id').data;
  // The API sends each value as the JSON it holds (a string, a list, null).
  const from: unknown = d.from;
  const to: unknown = d.to;
  const show = (value: unknown) => {
    if (d.field === 'subject') return picklistLabel(subjects, valueText(value));
    if (d.field === 'template_id') return value ? (templates?.find((t) => t.id === value)?.name ?? 'A template') : '';
    if (d.field === 'visibility') return value === 'public' || value === 'internal' ? VISIBILITY[value].label : valueText(value);
    return valueText(value);
  };
  let before: ReactNode = show(from) || <Empty />;
  let after: ReactNode = show(to) || <Empty />;
  if (d.field === 'keywords') {
    const a = asWords(from);
    const b = asWords(to);
    before = <Words words={a} other={b} kind="removed" />;
    after = <Words words={b} other={a} kind="added" />;
  } else if (d.field === 'title') {
    before = <Diff parts={wordDiff(valueText(from), valueText(to)).filter((p) => p.kind !== 'added')} />;
    after = <Diff parts={wordDiff(valueText(from), valueText(to)).filter((p) => p.kind !== 'removed')} />;
  }
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {FIELD_LABEL[d.field] ?? humanize(d.field)}
        </Text>
      </Table.Td>
      <Table.Td>{typeof before === 'string' ? <Text size="sm">{before}</Text> : before}</Table.Td>
      <Table.Td>{typeof after === 'string' ? <Text size="sm">{after}</Text> : after}</Table.Td>
    </Table.Tr>
  );
}

function Empty() {
  return (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );
}

/** Keywords as chips; those only on this side marked. */
function Words({ words, other, kind }: { words: string[]; other: string[]; kind: 'removed' | 'added' }) {
  if (words.length === 0) return <Empty />;
  return (
    <Group gap={6}>
      {words.map((w) => {
        const changed = !other.includes(w);
        return (
          <Badge key={w} tt="none" radius="xl" variant={changed ? 'filled' : 'light'} color={changed ? (kind === 'added' ? 'teal' : 'red') : 'gray'}>
            {kind === 'added' && changed ? '+ ' : kind === 'removed' && changed ? '− ' : ''}
            {w}
          </Badge>
        );
      })}
    </Group>
  );
}

/** Parts of a word diff, removed words struck out in red, added ones in green. */
function Diff({ parts }: { parts: DiffPart[] }) {
  if (parts.every((p) => p.text.trim() === '')) return <Empty />;
  return (
    <div className={classes.diff}>
      {parts.map((p, i) =>
        p.kind === 'same' ? (
          <Fragment key={i}>{p.text}</Fragment>
        ) : p.kind === 'removed' ? (
          <del key={i} className={classes.removed}>
            {p.text}
          </del>
        ) : (
          <ins key={i} className={classes.added}>
            {p.text}
          </ins>
        ),
      )}
    </div>
  );
}

/** Each section of the two versions side by side: the older text with what went struck out, the newer with what came highlighted. */
function SectionsDiff({ before, after, olderLabel, newerLabel }: { before: unknown; after: unknown; olderLabel: string; newerLabel: string }) {
  const pairs = pairSections(asSections(before), asSections(after));
  return (
    <Stack gap="lg" aria-label="Changed text">
      <SimpleGrid cols={2} spacing="lg">
        <Text size="xs" c="dimmed" tt="uppercase" fw={700} lts={0.4}>
          {olderLabel}
        </Text>
        <Text size="xs" c="dimmed" tt="uppercase" fw={700} lts={0.4}>
          {newerLabel}
        </Text>
      </SimpleGrid>
      {pairs.map((pair, index) => {
        const a = htmlToText(pair.before?.body ?? '');
        const b = htmlToText(pair.after?.body ?? '');
        const parts = wordDiff(a, b);
        const same = pair.before && pair.after && a === b && (pair.before.title ?? '') === (pair.after.title ?? '');
        return (
          <Stack key={`${pair.title}-${index}`} gap="xs" component="section" aria-label={`Section ${pair.title || index + 1}`}>
            <Group gap="xs">
              <Title order={5}>{pair.title || 'Untitled section'}</Title>
              {!pair.before && (
                <Badge size="xs" color="teal" variant="light">
                  Added
                </Badge>
              )}
              {!pair.after && (
                <Badge size="xs" color="red" variant="light">
                  Removed
                </Badge>
              )}
              {same && (
                <Badge size="xs" color="gray" variant="light">
                  Unchanged
                </Badge>
              )}
              {pair.before && pair.after && (pair.before.title ?? '') !== (pair.after.title ?? '') && (
                <Badge size="xs" color="blue" variant="light">
                  Renamed from “{pair.before.title}”
                </Badge>
              )}
            </Group>
            <SimpleGrid cols={2} spacing="lg">
              <div>{pair.before ? <Diff parts={parts.filter((p) => p.kind !== 'added')} /> : <Empty />}</div>
              <div>{pair.after ? <Diff parts={parts.filter((p) => p.kind !== 'removed')} /> : <Empty />}</div>
            </SimpleGrid>
          </Stack>
        );
      })}
    </Stack>
  );
}
