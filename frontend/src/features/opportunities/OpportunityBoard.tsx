// The pipeline as a board: one column per stage of the sales process, the open deals in it, what
// they add up to. Dragging a card (with the mouse, or Space and the arrow keys) moves the deal to
// another stage at once; a refusal puts it back and says why.
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { Alert, Anchor, Badge, Group, Paper, Skeleton, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCalendar, IconSearch } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiProblem, problemDetail } from '@/shared/api/problem';
import { useCan } from '@/shared/session/useSession';
import { formatDate, formatMoney } from '@/shared/ui/format';
import { sumByCurrency } from '@/shared/ui/money';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { PIPELINE_CAP, useAccountNames, useMoveOnBoard, usePipeline, useSalesStages, type Opportunity } from './api';
import { boardColumns, columnKeyboardCoordinates, type BoardColumn } from './board';
import classes from './Board.module.css';
import { PipelineActions } from './ViewSwitch';

/** Over a column under the pointer; with the keyboard (no pointer), the column the card overlaps most. */
const collisionDetection: CollisionDetection = (args) => {
  const under = pointerWithin(args);
  return under.length > 0 ? under : rectIntersection(args);
};

const INSTRUCTIONS =
  'To move a deal to another stage, press Space to pick it up, the left and right arrow keys to choose the stage, and Space again to drop it there. Escape cancels. Enter opens the deal.';

export function OpportunityBoard() {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const q = debounced || undefined;
  const stages = useSalesStages();
  const pipeline = usePipeline(q);
  const move = useMoveOnBoard(q);
  const canMove = useCan('opportunities', 'update');
  const opportunities = pipeline.data?.opportunities;
  const accounts = useAccountNames((opportunities ?? []).map((o) => o.account_id)).data;
  const [active, setActive] = useState<Opportunity | null>(null);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: columnKeyboardCoordinates,
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );

  const columns = stages.data && opportunities ? boardColumns(stages.data, opportunities) : undefined;
  const stageOf = (value: string) => stages.data?.find((s) => s.value === value);
  const stageLabel = (value: string | number | undefined) => (value === undefined ? '' : (stageOf(String(value))?.label ?? String(value)));
  const dealOf = (id: string | number) => opportunities?.find((o) => o.id === id);
  const dealName = (id: string | number) => dealOf(id)?.name ?? 'The deal';

  const announcements: Announcements = {
    onDragStart: ({ active: a }) => `Picked up ${dealName(a.id)}, in ${stageLabel(dealOf(a.id)?.stage)}.`,
    onDragOver: ({ active: a, over }) => (over ? `${dealName(a.id)} is over ${stageLabel(over.id)}.` : `${dealName(a.id)} is not over a stage.`),
    onDragEnd: ({ active: a, over }) =>
      over ? `${dealName(a.id)} was dropped in ${stageLabel(over.id)}.` : `${dealName(a.id)} was dropped back in ${stageLabel(dealOf(a.id)?.stage)}.`,
    onDragCancel: ({ active: a }) => `Moving ${dealName(a.id)} was cancelled.`,
  };

  const onDragStart = ({ active: a }: DragStartEvent) => setActive(dealOf(a.id) ?? null);

  const onDragEnd = ({ active: a, over }: DragEndEvent) => {
    setActive(null);
    const deal = dealOf(a.id);
    const stage = over ? stageOf(String(over.id)) : undefined;
    if (!deal || !stage || !stage.is_active || stage.value === deal.stage) return;
    setPending((ids) => new Set(ids).add(deal.id));
    move.mutate(
      { opportunity: deal, stage },
      {
        onSuccess: (saved) =>
          notifications.show({ color: 'teal', title: `${saved.name} moved to ${stage.label}`, message: `Probability ${saved.probability}%` }),
        onError: (error) => {
          const stale = error instanceof ApiProblem && error.status === 412;
          notifications.show({
            color: 'red',
            title: stale ? 'Changed by someone else' : `Could not move ${deal.name}`,
            message: stale
              ? `${deal.name} changed since the board was loaded, so it stays in ${stageLabel(deal.stage)}. The board now shows the latest; move it again if you still want to.`
              : `${problemDetail(error)} It stays in ${stageLabel(deal.stage)}.`,
          });
        },
        onSettled: () =>
          setPending((ids) => {
            const next = new Set(ids);
            next.delete(deal.id);
            return next;
          }),
      },
    );
  };

  const error = stages.error ?? pipeline.error;
  const count = opportunities?.length ?? 0;
  const totals = sumByCurrency((opportunities ?? []).map((o) => ({ amount: o.estimated_revenue, currency: o.currency })));

  return (
    <>
      <PageHeader
        title="Opportunities"
        description="The open pipeline by stage. Drag a deal to the stage it has reached."
        actions={<PipelineActions view="board" />}
      />
      <Paper withBorder radius="md" p="sm" mb="md">
        <Group gap="md" wrap="wrap">
          <TextInput
            placeholder="Search by name…"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search opportunities"
          />
          {opportunities && (
            <Group gap="xs" wrap="wrap" aria-label="Pipeline total">
              <Text size="sm" fw={600}>
                {count} open {count === 1 ? 'deal' : 'deals'}
              </Text>
              {totals.map((t) => (
                <Badge key={t.currency} variant="light" color="gray" radius="sm" size="lg" tt="none" fw={600}>
                  {formatMoney(t.amount, t.currency)}
                </Badge>
              ))}
            </Group>
          )}
        </Group>
      </Paper>
      {pipeline.data?.capped && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle />} mb="md" title={`Showing the ${PIPELINE_CAP} most likely deals`}>
          There are more open opportunities than the board shows. Search to narrow it down, or{' '}
          <Anchor component={Link} to="/opportunities" size="sm">
            use the list
          </Anchor>{' '}
          to page through all of them.
        </Alert>
      )}
      {error ? (
        <QueryError
          error={error}
          onRetry={() => {
            void stages.refetch();
            void pipeline.refetch();
          }}
        />
      ) : !columns ? (
        <BoardSkeleton />
      ) : (
        <>
          {count === 0 && (
            <Paper withBorder radius="md" mb="md">
              <EmptyState
                title={q ? 'No open opportunities match' : 'No open opportunities'}
                description={q ? 'Try another search.' : 'Qualify a lead, or create an opportunity, to fill the pipeline.'}
              />
            </Paper>
          )}
          <DndContext
            sensors={sensors}
            collisionDetection={collisionDetection}
            onDragStart={onDragStart}
            onDragEnd={onDragEnd}
            onDragCancel={() => setActive(null)}
            accessibility={{ announcements, screenReaderInstructions: { draggable: INSTRUCTIONS } }}
          >
            <div className={classes.board} role="region" aria-label="Pipeline board">
              {columns.map((column) => (
                <StageColumn key={column.stage.value} column={column}>
                  {column.opportunities.map((o) => (
                    <DealCard
                      key={o.id}
                      opportunity={o}
                      accountName={o.account_id ? accounts?.get(o.account_id) : undefined}
                      disabled={!canMove || pending.has(o.id)}
                      pending={pending.has(o.id)}
                      onOpen={() => void navigate(`/opportunities/${o.id}`)}
                    />
                  ))}
                </StageColumn>
              ))}
            </div>
            <DragOverlay dropAnimation={null}>
              {active && (
                <Paper withBorder p="sm" className={`${classes.card} ${classes.overlay}`}>
                  <DealCardBody opportunity={active} accountName={active.account_id ? accounts?.get(active.account_id) : undefined} />
                </Paper>
              )}
            </DragOverlay>
          </DndContext>
        </>
      )}
    </>
  );
}

function StageColumn({ column, children }: { column: BoardColumn; children: ReactNode }) {
  const { stage, opportunities, totals } = column;
  const { setNodeRef, isOver } = useDroppable({ id: stage.value, disabled: !stage.is_active });
  return (
    <section ref={setNodeRef} className={`${classes.column} ${isOver ? classes.columnOver : ''}`} aria-label={`Stage ${stage.label}`}>
      <div className={classes.columnHeader}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Text fw={650} size="sm" truncate>
              {stage.label}
            </Text>
            <Badge size="sm" variant="light" color="gray" circle aria-label={`${opportunities.length} deals`}>
              {opportunities.length}
            </Badge>
          </Group>
          {stage.is_active ? (
            <Tooltip label="The probability a deal gets on entering the stage" withArrow>
              <Text size="xs" c="dimmed">
                {stage.default_probability}%
              </Text>
            </Tooltip>
          ) : (
            <Tooltip label="Retired: the deals in it keep it, no deal may enter it" withArrow>
              <Badge size="xs" variant="outline" color="gray">
                Retired
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Stack gap={0} mt={4} aria-label={`Total of ${stage.label}`}>
          {totals.length === 0 ? (
            <Text size="xs" c="dimmed">
              No amounts
            </Text>
          ) : (
            totals.map((t) => (
              <Text key={t.currency} size="sm" fw={600}>
                {formatMoney(t.amount, t.currency)}
              </Text>
            ))
          )}
        </Stack>
      </div>
      <div className={classes.cards}>
        {children}
        {opportunities.length === 0 && <div className={classes.empty}>{stage.is_active ? 'No deals in this stage' : 'No deals'}</div>}
      </div>
    </section>
  );
}

type CardProps = {
  opportunity: Opportunity;
  accountName: string | undefined;
  disabled: boolean;
  pending: boolean;
  onOpen: () => void;
};

function DealCard({ opportunity: o, accountName, disabled, pending, onOpen }: CardProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: o.id, disabled, attributes: { roleDescription: 'draggable deal' } });
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      p="sm"
      className={`${classes.card} ${isDragging ? classes.cardDragging : ''} ${pending ? classes.cardPending : ''}`}
      {...attributes}
      {...listeners}
      aria-busy={pending || undefined}
      onClick={onOpen}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !isDragging) {
          onOpen();
          return;
        }
        listeners?.onKeyDown?.(event);
      }}
    >
      <DealCardBody opportunity={o} accountName={accountName} />
    </Paper>
  );
}

function probabilityColor(probability: number): string {
  if (probability >= 70) return 'teal';
  if (probability >= 40) return 'blue';
  return 'gray';
}

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function DealCardBody({ opportunity: o, accountName }: { opportunity: Opportunity; accountName: string | undefined }) {
  const overdue = Boolean(o.estimated_close_date && o.estimated_close_date < today());
  return (
    <Stack gap={6}>
      <Stack gap={0}>
        <Text size="sm" fw={600} lineClamp={2} style={{ wordBreak: 'break-word' }}>
          {o.name}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {o.account_id ? (accountName ?? '…') : 'No account'}
        </Text>
      </Stack>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={500} c={o.estimated_revenue ? undefined : 'dimmed'} truncate>
          {formatMoney(o.estimated_revenue, o.currency) || 'No amount'}
        </Text>
        <Badge size="sm" variant="light" color={probabilityColor(o.probability)} radius="sm" style={{ flexShrink: 0 }}>
          {o.probability}%
        </Badge>
      </Group>
      <Group gap={4} wrap="nowrap" c={overdue ? 'red' : 'dimmed'}>
        <IconCalendar size={13} stroke={1.6} />
        <Text size="xs" c={overdue ? 'red' : 'dimmed'} title={overdue ? 'Past its expected close date' : undefined}>
          {o.estimated_close_date ? formatDate(o.estimated_close_date) : 'No close date'}
        </Text>
      </Group>
    </Stack>
  );
}

function BoardSkeleton() {
  return (
    <div className={classes.board} aria-busy="true" aria-label="Loading the board">
      {[0, 1, 2, 3].map((column) => (
        <div key={column} className={classes.column}>
          <div className={classes.columnHeader}>
            <Skeleton height={14} width="60%" mb={8} />
            <Skeleton height={12} width="40%" />
          </div>
          <div className={classes.cards}>
            {[0, 1, 2].slice(0, 3 - (column % 2)).map((card) => (
              <Skeleton key={card} height={88} radius="md" />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
