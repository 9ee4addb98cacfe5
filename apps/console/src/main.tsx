import { StrictMode } from 'react';
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
import { ScoresPage } from './pages/scores/ScoresPage';
import './app/console.css';

/** The pages, one URL each. */
function Page({ path }: { path: string }) {
  const t = useStrings(SHELL_STRINGS);
  if (path === '/') return <OverviewPage />;
  if (path === '/map') return <MapPage />;
  if (path === '/risk') return <RiskBoardPage />;
  if (path === '/scores') return <ScoresPage />;
  const project = /^\/projects\/([^/]+)$/.exec(path);
  if (project) return <PassportPage projectId={decodeURIComponent(project[1]!)} />;
  return <p data-testid="not-found">{t('notFound')}</p>;
}

function Console() {
  const { session } = useSession();
  const { path } = useLocation();
  if (!session) return <LoginPage />;
  return (
    <Layout>
      <Page path={path.startsWith('/login') ? '/' : path} />
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
