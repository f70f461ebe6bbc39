import {
  IconBuildingSkyscraper,
  IconBuildingStore,
  IconChartBar,
  IconChecklist,
  IconFilter,
  IconInbox,
  IconTargetArrow,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';

/** The business sections of the main navigation, in order. Settings is separate. */
export const SECTIONS = [
  'deals',
  'leads',
  'contacts',
  'companies',
  'tasks',
  'inbox',
  'reports',
  'marketplace',
] as const;
export type SectionKey = (typeof SECTIONS)[number];

export const SECTION_ICONS: Record<SectionKey, Icon> = {
  deals: IconFilter,
  leads: IconTargetArrow,
  contacts: IconUsers,
  companies: IconBuildingSkyscraper,
  tasks: IconChecklist,
  inbox: IconInbox,
  reports: IconChartBar,
  marketplace: IconBuildingStore,
};
