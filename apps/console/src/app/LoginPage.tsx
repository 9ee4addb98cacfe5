import { FormEvent, useEffect, useState } from 'react';
import { ConsoleConfig, loadConfig } from './config';
import { Strings, useStrings } from './i18n';
import { beginOidcLogin, CALLBACK_PATH, completeOidcLogin } from './oidc';
import { navigate, useLocation } from './router';
import { useSession } from './session';

const STRINGS: Strings<
  | 'heading'
  | 'paste'
  | 'signIn'
  | 'badToken'
  | 'dev'
  | 'role'
  | 'region'
  | 'department'
  | 'mint'
  | 'oidc'
  | 'hint'
> = {
  zh: {
    heading: '登录',
    paste: '粘贴令牌',
    signIn: '登录',
    badToken: '这不是一个有效的令牌',
    dev: '本地开发登录（仅单机模式）',
    role: '角色',
    region: '地区代码',
    department: '部门代码',
    mint: '生成令牌并登录',
    oidc: '通过统一身份认证登录',
    hint: '令牌可用 npm run token -- --role supervisor 生成',
  },
  en: {
    heading: 'Sign in',
    paste: 'Paste a token',
    signIn: 'Sign in',
    badToken: 'That is not a token',
    dev: 'Local development login (standalone only)',
    role: 'Role',
    region: 'Region code',
    department: 'Department code',
    mint: 'Mint a token and sign in',
    oidc: 'Sign in with the identity provider',
    hint: 'Mint one with: npm run token -- --role supervisor',
  },
};

const ROLES = ['supervisor', 'planning_office', 'lead_department', 'region', 'auditor'] as const;

export function LoginPage() {
  const t = useStrings(STRINGS);
  const { signIn } = useSession();
  const { path, search } = useLocation();
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('supervisor');
  const [unit, setUnit] = useState('');

  useEffect(() => {
    loadConfig().then(setConfig, (e: unknown) => setError(String(e)));
  }, []);

  useEffect(() => {
    if (path !== CALLBACK_PATH || config?.auth.kind !== 'oidc') return;
    completeOidcLogin(config.auth, search).then(
      (accessToken) => {
        if (signIn(accessToken))
          navigate(sessionStorage.getItem('ledger.after-login') ?? '/', true);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [path, config, search, signIn]);

  const pasted = (event: FormEvent) => {
    event.preventDefault();
    if (!signIn(token)) setError(t('badToken'));
  };
  const mint = async (event: FormEvent) => {
    event.preventDefault();
    const response = await fetch('/auth/dev-login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        role,
        ...(role === 'region' ? { region: unit } : {}),
        ...(role === 'lead_department' ? { department: unit } : {}),
      }),
    });
    const body = (await response.json()) as { token?: string; error?: string };
    if (!response.ok || !body.token || !signIn(body.token))
      setError(body.error ?? `HTTP ${response.status}`);
  };

  return (
    <div className="login" data-testid="login">
      <h1>{t('heading')}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {config?.auth.kind === 'oidc' && (
        <button
          type="button"
          onClick={() => {
            if (config.auth.kind === 'oidc') void beginOidcLogin(config.auth);
          }}
          data-testid="oidc-login"
        >
          {t('oidc')}
        </button>
      )}
      <form onSubmit={pasted}>
        <label>
          {t('paste')}
          <textarea
            value={token}
            onChange={(e) => setToken(e.target.value)}
            rows={4}
            data-testid="token-input"
          />
        </label>
        <button type="submit" data-testid="token-submit">
          {t('signIn')}
        </button>
        <p className="hint">{t('hint')}</p>
      </form>
      {config?.auth.kind === 'local' && config.auth.devLogin && (
        <form onSubmit={(e) => void mint(e)} data-testid="dev-login">
          <h2>{t('dev')}</h2>
          <label>
            {t('role')}
            <select
              value={role}
              onChange={(e) => setRole(e.target.value as (typeof ROLES)[number])}
              data-testid="dev-role"
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          {(role === 'region' || role === 'lead_department') && (
            <label>
              {role === 'region' ? t('region') : t('department')}
              <input
                value={unit}
                onChange={(e) => setUnit(e.target.value)}
                data-testid="dev-unit"
              />
            </label>
          )}
          <button type="submit" data-testid="dev-submit">
            {t('mint')}
          </button>
        </form>
      )}
    </div>
  );
}
