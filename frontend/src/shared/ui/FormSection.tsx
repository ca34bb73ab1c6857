import { Divider, Grid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A group of form fields with its title on the left, as in settings pages people know. */
export function FormSection({ title, description, children, last }: { title: string; description?: string; children: ReactNode; last?: boolean }) {
  return (
    <>
      <Grid gap={{ base: 'sm', md: 'xl' }} py="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Title order={4} fw={600}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed" mt={4}>
              {description}
            </Text>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">{children}</Stack>
        </Grid.Col>
      </Grid>
      {!last && <Divider />}
    </>
  );
}
