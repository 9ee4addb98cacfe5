import { Branded } from '@ledger/domain-kernel';

export type ProjectId = Branded<string, 'ProjectId'>;

const PROJECT_ID = /^[a-z0-9][a-z0-9-]{2,79}$/;

export function isProjectId(value: unknown): value is ProjectId {
  return typeof value === 'string' && PROJECT_ID.test(value);
}

/** Every project is one stream: its whole history in order, with its own version. */
export function projectStreamId(id: ProjectId): string {
  return `project-${id}`;
}
