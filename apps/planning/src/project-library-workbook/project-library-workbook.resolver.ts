import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLContext, asGraphQL, requestPrincipal, workbookBytes } from '@ledger/api';
import { ProjectLibraryWorkbook } from './project-library-workbook';
import { PlanningDocument, PlanningWorkbookImport } from './project-library-workbook.types';

/** Thin: the template out, a filled one in (base64 both ways, as every file of the API). */
@Resolver()
export class ProjectLibraryWorkbookResolver {
  constructor(private readonly workbook: ProjectLibraryWorkbook) {}

  @Query(() => PlanningDocument, {
    description:
      'The project library template (项目库): an xlsx with Chinese headers, data validation from the programme, and a 说明 sheet.',
  })
  projectLibraryTemplate(): Promise<PlanningDocument> {
    return asGraphQL(() => this.workbook.template());
  }

  @Mutation(() => PlanningWorkbookImport, {
    description:
      'Import a filled project library template (xlsx, base64): each row is one proposeProject through the bulk path, recorded or refused whole; the same file again records nothing new.',
  })
  importProjectLibraryWorkbook(
    @Context() ctx: GraphQLContext,
    @Args('workbook', { description: 'The xlsx file in base64.' }) workbook: string,
  ): Promise<PlanningWorkbookImport> {
    return asGraphQL(async () =>
      this.workbook.import(await requestPrincipal(ctx), workbookBytes(workbook)),
    );
  }
}
