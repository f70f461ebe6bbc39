import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { QueryError } from './QueryError';

/**
 * A query's error (with a retry button) or the `loading` placeholder until it has data; then
 * whatever `children` makes of the data.
 */
export function QueryResult<T>({
  query,
  loading,
  children,
}: {
  query: UseQueryResult<T>;
  loading: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return loading;
  return children(query.data);
}
