import type { LifecycleKind, Me } from '@helios/shared';
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

/**
 * A lazily loaded page: each area's code arrives when someone opens it (the first screen ships
 * only the shell and the dashboard). One file per area, so areas are built independently.
 */
function page<P extends string>(
  path: P,
  load: () => Promise<Record<string, unknown>>,
  name: string,
  title?: string,
) {
  return createRoute({
    getParentRoute: () => appRoute,
    path,
    component: lazyRouteComponent(load as () => Promise<Record<string, () => React.JSX.Element>>, name),
    ...(title ? { staticData: { title } } : {}),
  });
}

// Tickets: the queue, a new ticket, one ticket (`/tickets/12` is the deep link the add-on opens).
const ticketsRoute = page('/tickets', () => import('./pages/tickets/queue.tsx'), 'TicketsQueuePage');
const newTicketRoute = page(
  '/tickets/new',
  () => import('./pages/tickets/new-ticket.tsx'),
  'NewTicketPage',
  'New ticket',
);
const ticketRoute = page('/tickets/$id', () => import('./pages/tickets/ticket.tsx'), 'TicketPage');

// People: the directory and a person's full context (`/users/9`).
const peopleRoute = page(
  '/people',
  () => import('./pages/people/directory.tsx'),
  'PeopleDirectoryPage',
  'People',
);
const personRoute = page('/users/$id', () => import('./pages/people/person.tsx'), 'PersonPage');

// Lifecycle: joiner and leaver requests (`/lifecycle/requests/7`), a new one (from a person's page:
// `?kind=offboarding&personEmail=`), my tasks, and the templates editor (`/lifecycle/templates/new?kind=`).
const lifecycleRoute = page(
  '/lifecycle',
  () => import('./pages/lifecycle/requests.tsx'),
  'LifecycleRequestsPage',
  'Joiners and leavers',
);
const kindOf = (v: unknown): LifecycleKind | undefined =>
  v === 'onboarding' || v === 'offboarding' ? v : undefined;
const newLifecycleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/lifecycle/new',
  validateSearch: (search: Record<string, unknown>): { kind?: LifecycleKind; personEmail?: string } => ({
    ...(kindOf(search.kind) ? { kind: kindOf(search.kind) } : {}),
    ...(typeof search.personEmail === 'string' ? { personEmail: search.personEmail } : {}),
  }),
  component: lazyRouteComponent(() => import('./pages/lifecycle/new-request.tsx'), 'NewLifecycleRequestPage'),
  staticData: { title: 'New lifecycle request' },
});
const lifecycleRequestRoute = page(
  '/lifecycle/requests/$id',
  () => import('./pages/lifecycle/request.tsx'),
  'LifecycleRequestPage',
);
const lifecycleTasksRoute = page(
  '/lifecycle/tasks',
  () => import('./pages/lifecycle/tasks.tsx'),
  'LifecycleTasksPage',
  'Lifecycle tasks',
);
const lifecycleTemplatesRoute = page(
  '/lifecycle/templates',
  () => import('./pages/lifecycle/templates.tsx'),
  'LifecycleTemplatesPage',
  'Lifecycle templates',
);
const lifecycleTemplateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/lifecycle/templates/$id',
  validateSearch: (search: Record<string, unknown>): { kind?: LifecycleKind } =>
    kindOf(search.kind) ? { kind: kindOf(search.kind) } : {},
  component: lazyRouteComponent(
    () => import('./pages/lifecycle/template-editor.tsx'),
    'LifecycleTemplateEditorPage',
  ),
});

// Documentation: an overview, each resource's list (`/assets`) and record (`/assets/4`), the vault
// and what expires. Static paths outrank `/$resource`, so `/vault` or `/search` never land here.
const documentationRoute = page(
  '/documentation',
  () => import('./pages/documentation/overview.tsx'),
  'DocumentationOverviewPage',
  'Documentation',
);
const expiringRoute = page(
  '/expiring',
  () => import('./pages/documentation/expiring.tsx'),
  'ExpiringPage',
  'Expiring',
);
const vaultRoute = page('/vault', () => import('./pages/vault.tsx'), 'VaultPage', 'Vault');
const resourceListRoute = page(
  '/$resource',
  () => import('./pages/documentation/list.tsx'),
  'ResourceListPage',
);
const recordRoute = page(
  '/$resource/$id',
  () => import('./pages/documentation/detail.tsx'),
  'ResourceDetailPage',
);

// Search, notifications, settings (`/settings/sync`, `/settings/api-keys`, …).
// `?q=` is read as text: the router would parse `?q=12` as the number 12.
const searchRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/search',
  validateSearch: (search: Record<string, unknown>): { q?: string } =>
    typeof search.q === 'string' || typeof search.q === 'number' ? { q: String(search.q) } : {},
  component: lazyRouteComponent(() => import('./pages/search.tsx'), 'SearchPage'),
  staticData: { title: 'Search' },
});
const notificationsRoute = page(
  '/notifications',
  () => import('./pages/notifications.tsx'),
  'NotificationsPage',
  'Notifications',
);
const settingsRoute = page('/settings', () => import('./pages/settings.tsx'), 'SettingsPage');
const settingsSectionRoute = page(
  '/settings/$section',
  () => import('./pages/settings/section.tsx'),
  'SettingsSectionPage',
  'Settings',
);

// The Gmail add-on, run live against this backend as the signed-in person.
const addonPreviewRoute = page(
  '/addon-preview',
  () => import('./pages/addon-preview/preview.tsx'),
  'AddonPreviewPage',
  'Add-on preview',
);

const routeTree = rootRoute.addChildren([
  signInRoute,
  callbackRoute,
  appRoute.addChildren([
    dashboardRoute,
    ticketsRoute,
    newTicketRoute,
    ticketRoute,
    peopleRoute,
    personRoute,
    lifecycleRoute,
    newLifecycleRoute,
    lifecycleRequestRoute,
    lifecycleTasksRoute,
    lifecycleTemplatesRoute,
    lifecycleTemplateRoute,
    documentationRoute,
    expiringRoute,
    vaultRoute,
    searchRoute,
    notificationsRoute,
    settingsRoute,
    settingsSectionRoute,
    addonPreviewRoute,
    resourceListRoute,
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
