import { IconAddressBook, IconBuildingSkyscraper, IconHome } from '@tabler/icons-react';
import type { ComponentType } from 'react';

export type NavItem = {
  label: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** The entity whose read privilege shows the item. */
  entity?: string;
};

export type NavSection = { title: string; items: NavItem[] };

// Later modules add their sections here (Sales: leads, opportunities; Service: cases, ...).
export const NAVIGATION: NavSection[] = [
  { title: 'Overview', items: [{ label: 'Home', to: '/', icon: IconHome }] },
  {
    title: 'Customers',
    items: [
      { label: 'Accounts', to: '/accounts', icon: IconBuildingSkyscraper, entity: 'accounts' },
      { label: 'Contacts', to: '/contacts', icon: IconAddressBook, entity: 'contacts' },
    ],
  },
];
