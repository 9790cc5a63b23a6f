import type { Me } from '@helios/shared';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { meQuery } from './auth.ts';
import { ErrorState } from './components/states.tsx';
import { Dashboard } from './pages/dashboard.tsx';
import { NotFound, RootNotFound } from './pages/not-found.tsx';
import { SignInCallback } from './pages/sign-in-callback.tsx';
import { Shell } from './shell.tsx';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: RootNotFound,
  errorComponent: ({ error, reset }) => <ErrorState error={error} onRetry={reset} title="This page failed" />,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { next?: string } =>
    typeof search.next === 'string' ? { next: search.next } : {},
  // Its form brings zod and react-hook-form: loaded only when someone needs to sign in.
  component: lazyRouteComponent(() => import('./pages/sign-in.tsx'), 'SignInPage'),
});

const callbackRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in/callback',
  component: SignInCallback,
});

/** Everything behind sign-in: without a session the person is sent to /sign-in and back after. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }): Promise<{ me: Me }> => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/sign-in', search: location.href === '/' ? {} : { next: location.href } });
    return { me };
  },
  component: Shell,
  notFoundComponent: NotFound,
});

const dashboardRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: Dashboard });

const ticketsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tickets',
  component: lazyRouteComponent(() => import('./pages/tickets.tsx'), 'TicketsPage'),
});

const placeholder = (path: string, title: string) =>
  createRoute({
    getParentRoute: () => appRoute,
    path,
    component: lazyRouteComponent(() => import('./pages/placeholder.tsx'), 'PlaceholderPage'),
    staticData: { title },
  });

const peopleRoute = placeholder('/people', 'People');
const documentationRoute = placeholder('/documentation', 'Documentation');
const vaultRoute = placeholder('/vault', 'Vault');

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('./pages/settings.tsx'), 'SettingsPage'),
});

/** Deep links the add-on and notifications open: `/tickets/12`, `/assets/4`, `/users/9`, … */
const recordRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/$resource/$id',
  component: lazyRouteComponent(() => import('./pages/record.tsx'), 'RecordPage'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  callbackRoute,
  appRoute.addChildren([
    dashboardRoute,
    ticketsRoute,
    peopleRoute,
    documentationRoute,
    vaultRoute,
    settingsRoute,
    recordRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // Fresh data comes from TanStack Query; the router only decides what to show.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
  interface StaticDataRouteOption {
    title?: string;
  }
}
