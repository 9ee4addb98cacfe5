import { ReactNode } from 'react';
import { AsOfControl } from './AsOfControl';
import { useAsOf } from './as-of';
import { useLanguage, useStrings } from './i18n';
import { hrefTo, Link, setParams, useLocation } from './router';
import { useSession } from './session';
import { SHELL_STRINGS } from './shell.strings';

const NAV = [
  { path: '/', key: 'overview' },
  { path: '/map', key: 'map' },
  { path: '/risk', key: 'risk' },
  { path: '/scores', key: 'scores' },
  { path: '/stages', key: 'stages' },
  { path: '/problems', key: 'problems' },
  { path: '/supervision', key: 'supervision' },
  { path: '/deadlines', key: 'deadlines' },
  { path: '/import', key: 'import' },
  { path: '/units', key: 'units' },
] as const;

export function Layout({ children }: { children: ReactNode }) {
  const t = useStrings(SHELL_STRINGS);
  const language = useLanguage();
  const { path } = useLocation();
  const { session, signOut } = useSession();
  const asOf = useAsOf();
  const claims = session?.claims;
  const scope = claims ? [claims.role, claims.region ?? claims.department].filter(Boolean) : [];
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('title')}</span>
        <nav>
          {NAV.map((item) => (
            <Link
              key={item.path}
              to={hrefTo(item.path, {}, new URLSearchParams(window.location.search))}
              className={path === item.path ? 'active' : ''}
              testId={`nav-${item.key}`}
            >
              {t(item.key)}
            </Link>
          ))}
          <a href="/graphql">{t('explorer')}</a>
        </nav>
        <span className="spacer" />
        <AsOfControl />
        <button
          type="button"
          className="lang"
          onClick={() => setParams({ lang: language === 'en' ? undefined : 'en' })}
          data-testid="language"
        >
          {language === 'en' ? '中文' : 'English'}
        </button>
        {claims && (
          <span className="who" data-testid="who">
            {scope.join(' · ')}
          </span>
        )}
        <button type="button" onClick={signOut} data-testid="sign-out">
          {t('signOut')}
        </button>
      </header>
      {asOf && (
        <div className="past-banner" data-testid="past-banner">
          {t('viewingPast', {
            when:
              'recordedAt' in asOf
                ? `${t('recordedAt')} ${asOf.recordedAt}`
                : `${t('validAt')} ${asOf.validAt}`,
          })}
        </div>
      )}
      <main>{children}</main>
    </div>
  );
}
