// Pages load on demand (one chunk each), so the first screen parses only what it shows. `preload` starts a
// page's chunk early: main.tsx preloads the pages of the address being opened while the session loads.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export type LazyPage = LazyExoticComponent<ComponentType> & { preload: () => Promise<unknown> };

export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): LazyPage {
  let loading: Promise<Record<K, ComponentType>> | undefined;
  const preload = () => (loading ??= load());
  const Page: LazyExoticComponent<ComponentType> = lazy(async () => ({ default: (await preload())[name] }));
  return Object.assign(Page, { preload });
}
