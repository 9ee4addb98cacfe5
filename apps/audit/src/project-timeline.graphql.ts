import {
  Args,
  Directive,
  Field,
  ID,
  Int,
  ObjectType,
  Parent,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { IN_AUDIT } from './audit.schema';
import { HistoryResolver, LedgerEventConnection } from './history.graphql';

/** The project entity as the auditors' history sees it: its key, and its timeline. */
@Directive('@key(fields: "projectId")')
@ObjectType('Project', IN_AUDIT)
export class AuditProject {
  @Field(() => ID)
  projectId!: string;
}

@Resolver(() => AuditProject)
export class AuditProjectResolver {
  constructor(private readonly history: HistoryResolver) {}

  /**
   * Reveals nothing but the key it was given: its one field is the auditors' (the guard
   * checks the role), and auditors see every project.
   */
  @ResolveReference()
  resolveReference(reference: { projectId: string }): AuditProject {
    return { projectId: reference.projectId };
  }

  @ResolveField(() => LedgerEventConnection, {
    description: 'Query.projectTimeline of this project: its history across services.',
  })
  timeline(
    @Parent() project: AuditProject,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<LedgerEventConnection> {
    return this.history.projectTimeline(project.projectId, first ?? null, after ?? null);
  }
}
