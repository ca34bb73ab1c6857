// The administration overview: the areas the caller's privileges open, one card each.
import { Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { Link } from 'react-router';

import { ADMIN_AREAS } from '@/shared/layout/nav';
import { usePrivileges } from '@/shared/session/useSession';
import { PageHeader } from '@/shared/ui/PageHeader';

import classes from './AdminHome.module.css';

export function AdminHome() {
  const privileges = usePrivileges();
  const areas = ADMIN_AREAS.filter((area) => privileges.canAny(area.anyOf));
  return (
    <>
      <PageHeader title="Administration" description="The organization, the people who use the CRM and what each may do, the sales process and the service desk." />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
        {areas.map((area) => (
          <Card key={area.to} withBorder radius="md" padding="lg" component={Link} to={area.to} className={classes.card}>
            <Stack gap="sm" h="100%">
              <Group justify="space-between" wrap="nowrap">
                <ThemeIcon size={40} radius="md" variant="light">
                  <area.icon size={22} stroke={1.6} />
                </ThemeIcon>
                <IconChevronRight size={18} className={classes.chevron} />
              </Group>
              <Title order={4} fw={600}>
                {area.label}
              </Title>
              <Text size="sm" c="dimmed">
                {area.description}
              </Text>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}
