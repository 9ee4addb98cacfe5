import { Component, ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useStrings } from './app/i18n';
import { Layout } from './app/Layout';
import { LoginPage } from './app/LoginPage';
import { RouterProvider, useLocation } from './app/router';
import { SessionProvider, useSession } from './app/session';
import { SHELL_STRINGS } from './app/shell.strings';
import { MapPage } from './pages/map/MapPage';
import { OverviewPage } from './pages/overview/OverviewPage';
import { PassportPage } from './pages/passport/PassportPage';
import { RiskBoardPage } from './pages/risk/RiskBoardPage';
import { ProblemsPage } from './pages/problems/ProblemsPage';
import { ScoresPage } from './pages/scores/ScoresPage';
import { StagesPage } from './pages/stages/StagesPage';
import { SupervisionPage } from './pages/supervision/SupervisionPage';
import { DeadlinesPage } from './pages/deadlines/DeadlinesPage';
import { ImportPage } from './pages/import/ImportPage';
import { UnitsPage } from './pages/units/UnitsPage';
import './app/console.css';

/** A path segment as text; null for one that is not valid percent-encoding. */
function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * A page that fails while rendering shows why, and the rest of the console (its navigation,
 * the other pages) stays usable: moving to another URL clears it.
 */
class PageBoundary extends Component<
  { path: string; children: ReactNode },
  { error: Error | null }
> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidUpdate(previous: { path: string }) {
    if (previous.path !== this.props.path && this.state.error) this.setState({ error: null });
  }
  override render() {
    if (this.state.error)
      return (
        <p className="error" role="alert" data-testid="page-failed">
          {this.state.error.message}
        </p>
      );
    return this.props.children;
  }
}

/** The pages, one URL each. */
function Page({ path }: { path: string }) {
  const t = useStrings(SHELL_STRINGS);
  if (path === '/') return <OverviewPage />;
  if (path === '/map') return <MapPage />;
  if (path === '/risk') return <RiskBoardPage />;
  if (path === '/scores') return <ScoresPage />;
  if (path === '/stages') return <StagesPage />;
  if (path === '/problems') return <ProblemsPage />;
  if (path === '/supervision') return <SupervisionPage />;
  if (path === '/deadlines') return <DeadlinesPage />;
  if (path === '/import') return <ImportPage />;
  if (path === '/units') return <UnitsPage />;
  const project = /^\/projects\/([^/]+)$/.exec(path);
  const projectId = project ? decoded(project[1]!) : null;
  if (projectId !== null) return <PassportPage projectId={projectId} />;
  return <p data-testid="not-found">{t('notFound')}</p>;
}

function Console() {
  const { session } = useSession();
  const { path } = useLocation();
  if (!session) return <LoginPage />;
  return (
    <Layout>
      <PageBoundary path={path}>
        <Page path={path.startsWith('/login') ? '/' : path} />
      </PageBoundary>
    </Layout>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider>
      <SessionProvider>
        <Console />
      </SessionProvider>
    </RouterProvider>
  </StrictMode>,
);
