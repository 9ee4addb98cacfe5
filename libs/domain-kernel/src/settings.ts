/**
 * Reading a process's settings from its environment: each reader checks its value at start
 * and fails with a SettingError that names the variable, shows the value it got (never a
 * secret's) and says what is allowed. A process reads every setting before it opens
 * anything, so a typo stops it at once instead of half-starting it.
 */
export class SettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** A TCP port, 1..65535. */
export function portSetting(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new SettingError(`${name} must be a port, a whole number from 1 to 65535, got "${raw}"`);
  }
  return port;
}

/** Where a server listens: PORT (default given) on HOST (default 127.0.0.1: loopback only). */
export interface ListenAddress {
  port: number;
  host: string;
}

const HOST_NAME =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

export function listenAddressFromEnv(env: Env, defaultPort: number): ListenAddress {
  const host = env.HOST === undefined || env.HOST === '' ? '127.0.0.1' : env.HOST;
  if (!HOST_NAME.test(host) && !(host.includes(':') && IPV6.test(host))) {
    throw new SettingError(
      `HOST must be an address or host name to listen on (127.0.0.1, 0.0.0.0, ::, a name), got "${host}"`,
    );
  }
  return { port: portSetting(env, 'PORT', defaultPort), host };
}

/** An absolute URL with one of `protocols` (as `new URL` spells them: 'http:', ...). */
export function urlSetting(
  env: Env,
  name: string,
  protocols: readonly string[],
  options: { secret?: boolean; hostless?: boolean } = {},
): URL | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const shown = options.secret ? redactCredentials(raw) : raw;
  const allowed = protocols.map((p) => `${p}//`).join(' or ');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingError(`${name} must be a ${allowed} URL, got "${shown}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new SettingError(`${name} must be a ${allowed} URL, got "${shown}"`);
  }
  if (url.hostname === '' && !options.hostless)
    throw new SettingError(`${name} names no host, got "${shown}"`);
  return url;
}

/** `scheme://user:password@`, anywhere in a text: what a connection string's secret looks like. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi;

/**
 * A text as it may be shown: the password of every connection string in it replaced with
 * ***. Settings' messages and the logs' last line of defence both mask through this.
 */
export function redactCredentials(text: string): string {
  return text.replace(URL_PASSWORD, '$1:***@');
}

/** A PostgreSQL connection string (postgres:// or postgresql://); the password is never shown. */
export function postgresUrlSetting(env: Env, name: string): string | undefined {
  // postgres:///db?host=/run/postgresql (a Unix socket) names no host: allowed.
  const url = urlSetting(env, name, ['postgres:', 'postgresql:'], { secret: true, hostless: true });
  if (url === undefined) return undefined;
  const port = url.port === '' ? 5432 : Number(url.port);
  if (port < 1 || port > 65535)
    throw new SettingError(`${name} names port ${url.port}, not one from 1 to 65535`);
  return env[name];
}

/** One of `allowed`. */
export function enumSetting<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    const choices =
      allowed.length === 1
        ? allowed[0]
        : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
    throw new SettingError(`${name} must be ${choices}, got "${raw}"`);
  }
  return raw as T;
}

/** A lower-case SQL identifier, as every schema name of the ledger is. */
export function identifierSetting(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    throw new SettingError(
      `${name} must be a lower-case SQL identifier (a-z, 0-9, _; at most 63), got "${raw}"`,
    );
  }
  return raw;
}

/** Kafka brokers as host:port[,host:port], each port 1..65535. */
export function brokersSetting(env: Env, name: string, fallback?: string): string[] {
  const raw = env[name] ?? fallback ?? '';
  const brokers = raw.split(',').filter((b) => b.length > 0);
  const valid = (broker: string) => {
    const match = /^([A-Za-z0-9.-]+):(\d{1,5})$/.exec(broker);
    return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
  };
  if (brokers.length === 0 || !brokers.every(valid)) {
    throw new SettingError(
      `${name} must be Kafka brokers as host:port[,host:port] (ports 1 to 65535), got "${raw}"`,
    );
  }
  return brokers;
}

/** A prefix for Kafka topic or group names: the characters Kafka allows in a topic name. */
export function kafkaPrefixSetting(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (!/^[A-Za-z0-9._-]{0,200}$/.test(raw)) {
    throw new SettingError(
      `${name} must be letters, digits, '.', '_' or '-' (what Kafka allows in a topic name), got "${raw}"`,
    );
  }
  return raw;
}
