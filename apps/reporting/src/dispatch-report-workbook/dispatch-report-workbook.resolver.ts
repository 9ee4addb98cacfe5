import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLContext, asGraphQL, requestPrincipal, workbookBytes } from '@ledger/api';
import { DispatchReportWorkbook } from './dispatch-report-workbook';
import { ReportingDocument, ReportingWorkbookImport } from './dispatch-report-workbook.types';

/** Thin: the template out, a filled one in (base64 both ways, as every file of the API). */
@Resolver()
export class DispatchReportWorkbookResolver {
  constructor(private readonly workbook: DispatchReportWorkbook) {}

  @Query(() => ReportingDocument, {
    description:
      'The monthly dispatch report template (按月调度): an xlsx with Chinese headers, data validation and a 说明 sheet.',
  })
  dispatchReportTemplate(): Promise<ReportingDocument> {
    return asGraphQL(() => this.workbook.template());
  }

  @Mutation(() => ReportingWorkbookImport, {
    description:
      'Import a filled dispatch report template (xlsx, base64): each row is one submitDispatchReport through the bulk path, scope checked, recorded or refused whole; the same file again records nothing new.',
  })
  importDispatchReportWorkbook(
    @Context() ctx: GraphQLContext,
    @Args('workbook', { description: 'The xlsx file in base64.' }) workbook: string,
  ): Promise<ReportingWorkbookImport> {
    return asGraphQL(async () =>
      this.workbook.import(await requestPrincipal(ctx), workbookBytes(workbook)),
    );
  }
}
