// What the first screen of an address needs from the server, asked for at start-up while the page's code
// loads, instead of one request after another (the session, then the page, then its data). Nothing is
// shown from here: the page's own queries find the answers cached. Signed out, the requests get 401 and
// are dropped (the sign-in page follows from the session query as usual).
import type { QueryClient } from '@tanstack/react-query';
import { meQuery } from '../features/auth/session';
import { dealCustomFieldsQuery } from '../features/deals/api';
import { pipelinesQuery, usersQuery } from '../features/settings/api';
import { savedViewsQuery } from '../features/views/api';

// Errors stay in the query's state for the page to show; here they are only dropped.
const ignore = () => undefined;

const PUBLIC = /^\/(sign-in|sign-up|invite)(\/|$)/;

export function prefetchFirstScreen(client: QueryClient, pathname: string): void {
  if (PUBLIC.test(pathname)) return;
  void client.query(meQuery).catch(ignore);
  void client.query(usersQuery).catch(ignore);
  void client.query(pipelinesQuery).catch(ignore);
  // The deals board (also the start page): its saved views and fields decide its first request.
  if (pathname === '/' || pathname === '/deals') {
    void client.query(savedViewsQuery('deals')).catch(ignore);
    void client.query(dealCustomFieldsQuery).catch(ignore);
  }
}
