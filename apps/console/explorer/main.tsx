import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './explorer.css';
import { GraphiQL } from 'graphiql';
import { FormEvent, StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import readme from '../../../README.md?raw';
import { claimsOf } from '../src/app/session';
import { INTROSPECTION_NAME, ledgerFetcher } from './fetcher';
import { sampleTabs } from './sample-queries';

/**
 * The offline GraphQL explorer, served by the host at GET /graphql to a browser: GraphiQL and
 * its editor's workers from this bundle, nothing from another origin. The token is the
 * console's (this tab's session), or one pasted here; the README's examples open as tabs.
 */
const TOKEN_KEY = 'ledger.token';
const TABS = sampleTabs(readme);

function whoIs(token: string): string {
  if (!token) return '未设令牌 · no token: every operation is refused';
  const claims = claimsOf(token);
  if (!claims) return '这不是一个令牌 · not a token';
  const unit = claims.region ?? claims.department;
  const expires =
    claims.expiresAt === undefined
      ? ''
      : ` · ${new Date(claims.expiresAt * 1000).toLocaleString()}`;
  return `${claims.role}${unit ? `:${unit}` : ''}${expires}`;
}

function Explorer() {
  const [draft, setDraft] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '');
  // Applied on submit: each new token makes GraphiQL ask for the schema again.
  const [token, setToken] = useState(draft);
  const { fetcher, dispose } = useMemo(() => ledgerFetcher(token.trim()), [token]);
  useEffect(() => dispose, [dispose]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setToken(draft);
  };

  return (
    <div className="explorer">
      <form className="explorer-token" onSubmit={apply} data-testid="explorer-token-form">
        <label htmlFor="explorer-token">令牌 Token</label>
        <input
          id="explorer-token"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="npm run -s token -- --role supervisor"
          autoComplete="off"
          spellCheck={false}
          data-testid="explorer-token"
        />
        <button type="submit" data-testid="explorer-token-apply">
          使用 Use
        </button>
        <span className="explorer-who" data-testid="explorer-who">
          {whoIs(token.trim())}
        </span>
        <a href="/">控制台 Console</a>
      </form>
      <div className="explorer-graphiql">
        <GraphiQL
          fetcher={fetcher}
          introspectionQueryName={INTROSPECTION_NAME}
          inputValueDeprecation
          defaultTabs={TABS}
          defaultEditorToolsVisibility={TABS.some((t) => t.variables) ? 'variables' : false}
          shouldPersistHeaders={false}
        >
          <GraphiQL.Logo>进度账本 · GraphQL</GraphiQL.Logo>
        </GraphiQL>
      </div>
    </div>
  );
}

createRoot(document.getElementById('explorer')!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
