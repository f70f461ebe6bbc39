import { useEffect, useRef, type ReactNode } from 'react';
import { Center, Container } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FullPageLoader } from '../../components/ui/FullPageLoader';
import { QueryError } from '../../components/ui/QueryError';
import {
  isLocale,
  markLocaleChosenSignedOut,
  storeLocale,
  wasLocaleChosenSignedOut,
} from '../../i18n/locale';
import { useChangeLocale } from '../../i18n/useLocale';
import { safeNextPath } from './nextPath';
import { isUnauthorized, MeContext, useMeQuery } from './session';
import { useSearchParams } from '../../lib/searchParams';

/** Renders the signed-in app, or sends the visitor to sign in (and back here afterwards). */
export function RequireAuth() {
  const me = useMeQuery();
  const location = useLocation();
  const { i18n } = useTranslation();
  const changeLocale = useChangeLocale();
  const appliedFor = useRef<string | null>(null);
  const userId = me.data?.user.id;
  const userLocale = me.data?.user.locale;

  // Once per sign-in the interface and the user's saved language are reconciled: a language picked
  // on the sign-in page just now is saved to the user; otherwise the saved one is applied.
  useEffect(() => {
    if (userId === undefined || appliedFor.current === userId || !isLocale(userLocale)) return;
    appliedFor.current = userId;
    const current = i18n.language;
    if (wasLocaleChosenSignedOut()) {
      markLocaleChosenSignedOut(false);
      if (isLocale(current) && current !== userLocale) void changeLocale(current);
    } else if (current !== userLocale) {
      storeLocale(userLocale);
      void i18n.changeLanguage(userLocale);
    }
  }, [userId, userLocale, i18n, changeLocale]);

  if (isUnauthorized(me.error)) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data !== undefined) {
    return (
      <MeContext value={me.data}>
        <Outlet />
      </MeContext>
    );
  }
  if (me.isError) {
    return (
      <Container size="xs">
        <Center h="100dvh">
          <QueryError error={me.error} onRetry={() => void me.refetch()} />
        </Center>
      </Container>
    );
  }
  return <FullPageLoader />;
}

/** Sign-in and sign-up: a signed-in visitor goes straight to the app. */
export function PublicOnly({ children }: { children: ReactNode }) {
  const me = useMeQuery();
  const [searchParams] = useSearchParams();
  if (me.data !== undefined && !me.isError)
    return <Navigate to={safeNextPath(searchParams.get('next'))} replace />;
  // Only the very first check shows a loader: a later re-check (window focus, after a failed
  // sign-in) must not unmount the form and lose what was typed.
  if (me.isPending && me.errorUpdateCount === 0) return <FullPageLoader />;
  return children;
}
