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
import { GraphQLContext, requestPrincipal } from '@ledger/api';
import { forbidden, scopeOf } from '@ledger/auth';
import { IN_AUDIT } from '../audit.schema';
import { HistoryResolver, LedgerEventConnection } from '../history/history.resolver';

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
   * The history keeps no read model to tell a unit's projects from others': it answers only
   * roles that see every project (its one field is the auditors' anyway, by the guard).
   */
  @ResolveReference()
  async resolveReference(
    reference: { projectId: string },
    ctx: GraphQLContext,
  ): Promise<AuditProject> {
    if (scopeOf(await requestPrincipal(ctx)).kind !== 'all') {
      throw forbidden(`the history of project ${reference.projectId} is not for your role`);
    }
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
