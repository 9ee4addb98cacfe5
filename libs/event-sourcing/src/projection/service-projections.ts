import { Projection } from './projection';

/**
 * One service's read models, listed once: the runtime, `npm run rebuild`, the audit
 * CLI's rebuild and the as-of replays all build them from here, so a projection added to
 * a service is kept, rebuilt and replayed everywhere or nowhere.
 */
export interface ServiceProjections {
  readonly service: string;
  /** The projections, every one writing into `schema` (the service's read-model schema). */
  build(schema: string): Projection[];
}

export function serviceProjections(
  service: string,
  build: (schema: string) => Projection[],
): ServiceProjections {
  return { service, build };
}

/** The projection of `set` named `name`, built on `schema`; a misspelt name is a bug. */
export function projectionNamed(projections: readonly Projection[], name: string): Projection {
  const found = projections.find((p) => p.name === name);
  if (!found) throw new Error(`no projection named ${name}`);
  return found;
}
