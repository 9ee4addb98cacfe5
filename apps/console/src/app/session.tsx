import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { LIVE_REFUSED } from '../api/live';

/**
 * Who is reading: the bearer token the API checks, and what its claims say of role and scope.
 * The console reads the claims only to shape its pages; the API decides what the token may see.
 */
export interface Claims {
  subject: string;
  role: string;
  region?: string;
  department?: string;
  /** Seconds since the epoch. */
  expiresAt?: number;
}

export interface Session {
  token: string;
  claims: Claims;
}

const STORAGE_KEY = 'ledger.token';

export function claimsOf(token: string): Claims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    if (typeof raw.role !== 'string') return null;
    return {
      subject: typeof raw.sub === 'string' ? raw.sub : '',
      role: raw.role,
      ...(typeof raw.region === 'string' ? { region: raw.region } : {}),
      ...(typeof raw.department === 'string' ? { department: raw.department } : {}),
      ...(typeof raw.exp === 'number' ? { expiresAt: raw.exp } : {}),
    };
  } catch {
    return null;
  }
}

function stored(): Session | null {
  const token = sessionStorage.getItem(STORAGE_KEY);
  const claims = token ? claimsOf(token) : null;
  if (!token || !claims) return null;
  if (claims.expiresAt !== undefined && claims.expiresAt * 1000 < Date.now()) return null;
  return { token, claims };
}

interface SessionState {
  session: Session | null;
  signIn: (token: string) => boolean;
  signOut: () => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(stored);
  const signIn = useCallback((token: string) => {
    const claims = claimsOf(token.trim());
    if (!claims) return false;
    sessionStorage.setItem(STORAGE_KEY, token.trim());
    setSession({ token: token.trim(), claims });
    return true;
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(null);
  }, []);
  // The host closes the live socket when the token expires or is refused: sign in again.
  useEffect(() => {
    window.addEventListener(LIVE_REFUSED, signOut);
    return () => window.removeEventListener(LIVE_REFUSED, signOut);
  }, [signOut]);
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The token of the signed-in reader; pages render only inside a session. */
export function useToken(): string {
  const { session } = useSession();
  if (!session) throw new Error('no session');
  return session.token;
}
