// The app shell: navigation on the left, the signed-in user at the top right, the screen in the
// middle.
import { ActionIcon, AppShell, Avatar, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, Tooltip, UnstyledButton, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLock, IconLogout, IconMoon, IconSun } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';

import { clearSession, readSession } from '@/shared/session/session';
import { useMe, usePrivileges } from '@/shared/session/useSession';
import { initials } from '@/shared/ui/format';

import classes from './AppLayout.module.css';
import { ChangePasswordModal } from './ChangePasswordModal';
import { Logo } from './Logo';
import { NAVIGATION, type NavItem } from './nav';

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const privileges = usePrivileges();
  const visible = (item: NavItem) =>
    (!item.entity || privileges.can(item.entity, 'read')) && (!item.anyOf || privileges.canAny(item.anyOf));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Link to="/" className={classes.brand} onClick={close}>
              <Logo />
            </Link>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar className={classes.navbar}>
        <ScrollArea px="sm" py="md">
          <Stack gap="lg">
            {NAVIGATION.map((section) => {
              const items = section.items.filter(visible);
              if (items.length === 0) return null;
              return (
                <Stack key={section.title} gap={2} component="section" aria-label={section.title}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.6} px="sm" mb={4}>
                    {section.title}
                  </Text>
                  {items.map((item) => {
                    const active = item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to);
                    return (
                      <NavLink
                        key={item.to}
                        component={Link}
                        to={item.to}
                        label={item.label}
                        leftSection={<item.icon size={18} stroke={1.6} />}
                        active={active}
                        onClick={close}
                        className={classes.navLink}
                        variant="light"
                      />
                    );
                  })}
                </Stack>
              );
            })}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>

      <AppShell.Main className={classes.main}>
        <div className={classes.content}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  return (
    <Tooltip label={scheme === 'dark' ? 'Light theme' : 'Dark theme'}>
      <ActionIcon variant="subtle" color="gray" size="lg" onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')} aria-label="Toggle color scheme">
        {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [passwordOpened, password] = useDisclosure();
  const name = me.data?.full_name ?? '';

  const signOut = async () => {
    const session = readSession();
    if (session) {
      // Revoke the refresh token; signing out locally does not wait for the answer.
      void fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: session.refreshToken }),
      }).catch(() => undefined);
    }
    clearSession();
    queryClient.clear();
    await navigate('/login');
  };

  return (
    <>
      <ChangePasswordModal opened={passwordOpened} onClose={password.close} />
      <Menu position="bottom-end" width={240} shadow="md">
        <Menu.Target>
          <UnstyledButton className={classes.user} aria-label="Account menu">
            <Group gap={8} wrap="nowrap">
              <Avatar radius="xl" size={30} color="blue">
                {initials(name)}
              </Avatar>
              <Text size="sm" fw={500} visibleFrom="xs" truncate maw={160}>
                {name}
              </Text>
              <IconChevronDown size={14} />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={600} c="bright">
              {name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {me.data?.email}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {me.data?.business_unit_name}
            </Text>
          </Menu.Label>
          <Menu.Divider />
          <Menu.Item leftSection={<IconLock size={16} />} onClick={password.open}>
            Change password
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void signOut()}>
            Sign out
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </>
  );
}
