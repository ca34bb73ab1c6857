import {
  IconBook2,
  IconChartBar,
  IconClockHour4,
  IconFileCertificate,
  IconLifebuoy,
  IconRoute,
  IconStack2,
  IconTemplate,
  IconMailCog,
  IconAddressBook,
  IconBulb,
  IconChartFunnel,
  IconBuildingSkyscraper,
  IconHierarchy2,
  IconHome,
  IconKey,
  IconLayoutList,
  IconListDetails,
  IconShieldCheck,
  IconShieldLock,
  IconStairsUp,
  IconSwords,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';

import type { Action } from '@/shared/session/privileges';

export type NavItem = {
  label: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** The entity whose read privilege shows the item. */
  entity?: string;
  /** Privileges of which any one shows the item. */
  anyOf?: readonly (readonly [string, Action])[];
};

export type NavSection = { title: string; items: NavItem[] };

export type AdminArea = NavItem & {
  anyOf: readonly (readonly [string, Action])[];
  /** What the area is for, on the administration overview. */
  description: string;
};

/** The administration area's screens and the privileges that open each. */
export const ADMIN_AREAS: AdminArea[] = [
  {
    label: 'Business units',
    to: '/admin/business-units',
    icon: IconHierarchy2,
    anyOf: [
      ['business-units', 'create'],
      ['business-units', 'update'],
    ],
    description: 'The structure of the organization: the units people and their records belong to.',
  },
  {
    label: 'Users',
    to: '/admin/users',
    icon: IconUsers,
    anyOf: [
      ['users', 'create'],
      ['users', 'update'],
    ],
    description: 'Who signs in, where they sit in the organization, who they report to and their roles.',
  },
  {
    label: 'Teams',
    to: '/admin/teams',
    icon: IconUsersGroup,
    anyOf: [
      ['teams', 'create'],
      ['teams', 'update'],
    ],
    description: 'Groups of users who own records together and share roles.',
  },
  {
    label: 'Roles',
    to: '/admin/roles',
    icon: IconShieldCheck,
    anyOf: [
      ['roles', 'read'],
      ['roles', 'update'],
    ],
    description: 'What people may do, and how far it reaches: their own records, their unit, or everything.',
  },
  {
    label: 'API keys',
    to: '/admin/api-keys',
    icon: IconKey,
    anyOf: [
      ['api-keys', 'read'],
      ['api-keys', 'create'],
    ],
    description: 'Keys for integrations and sync scripts, acting as a user with that user’s roles.',
  },
  {
    label: 'Sales stages',
    to: '/admin/sales-stages',
    icon: IconStairsUp,
    anyOf: [
      ['sales-stages', 'create'],
      ['sales-stages', 'update'],
    ],
    description: 'The sales process: the stages deals go through, in order, and the probability each gives.',
  },
  {
    label: 'Competitors',
    to: '/admin/competitors',
    icon: IconSwords,
    anyOf: [
      ['competitors', 'create'],
      ['competitors', 'update'],
      ['competitors', 'delete'],
    ],
    description: 'The companies met as rivals in deals, with where they beat you and where you beat them.',
  },
  {
    label: 'Email templates',
    to: '/admin/email-templates',
    icon: IconMailCog,
    anyOf: [
      ['email-templates', 'create'],
      ['email-templates', 'update'],
      ['email-templates', 'delete'],
    ],
    description: 'Emails written once and sent in two clicks, with placeholders filled from the customer and the sender.',
  },
  {
    label: 'Queues',
    to: '/admin/queues',
    icon: IconStack2,
    anyOf: [
      ['queues', 'create'],
      ['queues', 'update'],
      ['queues', 'delete'],
    ],
    description: 'Where cases wait until someone works them, by product or expertise, and who works each.',
  },
  {
    label: 'Routing rules',
    to: '/admin/routing-rules',
    icon: IconRoute,
    anyOf: [
      ['routing-rules', 'create'],
      ['routing-rules', 'update'],
      ['routing-rules', 'delete'],
    ],
    description: 'Which queue an incoming case goes to: VIP customers to escalations, a product to its queue. The first rule that matches wins.',
  },
  {
    label: 'Service levels',
    to: '/admin/sla-policies',
    icon: IconClockHour4,
    anyOf: [
      ['sla-policies', 'create'],
      ['sla-policies', 'update'],
      ['sla-policies', 'delete'],
    ],
    description: 'The first-response and resolution times promised, by priority, that give every case its deadlines.',
  },
  {
    label: 'Contract templates',
    to: '/admin/contract-templates',
    icon: IconTemplate,
    anyOf: [
      ['contract-templates', 'create'],
      ['contract-templates', 'update'],
      ['contract-templates', 'delete'],
    ],
    description: 'The service plans sold: an allotment of cases or minutes, a length, and the service levels promised.',
  },
  {
    label: 'Article templates',
    to: '/admin/article-templates',
    icon: IconLayoutList,
    anyOf: [
      ['article-templates', 'create'],
      ['article-templates', 'update'],
      ['article-templates', 'delete'],
    ],
    description: 'The sections knowledge articles are written in: a question, its cause, its resolution, with what to put in each.',
  },
  {
    label: 'Picklists',
    to: '/admin/picklists',
    icon: IconListDetails,
    anyOf: [
      ['picklists', 'create'],
      ['picklists', 'update'],
    ],
    description: 'The choices of fields such as a lead’s source, rating and decision timeline.',
  },
  {
    label: 'Security log',
    to: '/admin/security-log',
    icon: IconShieldLock,
    anyOf: [['security-events', 'read']],
    description: 'Sign-ins, failed sign-ins, keys created and revoked, roles changed, users disabled.',
  },
];

// Later modules add their sections here.
export const NAVIGATION: NavSection[] = [
  { title: 'Overview', items: [{ label: 'Home', to: '/', icon: IconHome }] },
  {
    title: 'Sales',
    items: [
      { label: 'Leads', to: '/leads', icon: IconBulb, entity: 'leads' },
      { label: 'Opportunities', to: '/opportunities', icon: IconChartFunnel, entity: 'opportunities' },
    ],
  },
  {
    title: 'Service',
    items: [
      { label: 'Cases', to: '/cases', icon: IconLifebuoy, entity: 'cases' },
      { label: 'Queues', to: '/queues', icon: IconStack2, entity: 'queues' },
      { label: 'Knowledge', to: '/knowledge', icon: IconBook2, entity: 'knowledge-articles' },
      { label: 'Contracts', to: '/contracts', icon: IconFileCertificate, entity: 'contracts' },
      { label: 'Service report', to: '/reports/service', icon: IconChartBar, entity: 'cases' },
    ],
  },
  {
    title: 'Customers',
    items: [
      { label: 'Accounts', to: '/accounts', icon: IconBuildingSkyscraper, entity: 'accounts' },
      { label: 'Contacts', to: '/contacts', icon: IconAddressBook, entity: 'contacts' },
    ],
  },
  { title: 'Administration', items: ADMIN_AREAS },
];
