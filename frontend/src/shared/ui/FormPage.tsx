import { Button, Group, Paper } from '@mantine/core';
import type { ReactNode, SubmitEvent } from 'react';
import { Link } from 'react-router';

import { PageHeader } from './PageHeader';

type Props = {
  title: string;
  crumbs: { label: string; to: string }[];
  onSubmit: (event?: SubmitEvent<HTMLFormElement>) => void;
  submitting: boolean;
  submitLabel: string;
  cancelTo: string;
  children: ReactNode;
};

/** A create or edit screen: its header, the form's sections, Cancel and the submit button. */
export function FormPage({ title, crumbs, onSubmit, submitting, submitLabel, cancelTo, children }: Props) {
  return (
    <>
      <PageHeader title={title} crumbs={crumbs} />
      <Paper withBorder radius="md" px="xl" py="xs" component="form" onSubmit={onSubmit} noValidate>
        {children}
        <Group justify="flex-end" py="lg">
          <Button variant="default" component={Link} to={cancelTo}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Paper>
    </>
  );
}
