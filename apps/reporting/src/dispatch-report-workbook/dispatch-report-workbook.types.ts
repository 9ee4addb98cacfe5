import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';
import { WorkbookImportRow } from '@ledger/api';
import { IN_REPORTING } from '../reporting.schema';

/**
 * A file the API hands out: its bytes in base64. The same type (fields and all) in every
 * subgraph that serves files, hence shareable; each subgraph registers its own class.
 */
@Directive('@shareable')
@ObjectType('Document', {
  ...IN_REPORTING,
  description: 'A file: its name, media type and bytes in base64.',
})
export class ReportingDocument {
  @Field()
  fileName!: string;
  @Field()
  mediaType!: string;
  @Field()
  base64!: string;
}

@Directive('@shareable')
@ObjectType('WorkbookImport', {
  ...IN_REPORTING,
  description:
    'What an imported workbook recorded: one outcome per row, and the same as a workbook to download.',
})
export class ReportingWorkbookImport {
  @Field(() => Int)
  recorded!: number;
  @Field(() => Int)
  replayed!: number;
  @Field(() => Int)
  refused!: number;
  @Field(() => [WorkbookImportRow])
  rows!: WorkbookImportRow[];
  @Field(() => ReportingDocument, { description: 'The rows above as an xlsx.' })
  report!: ReportingDocument;
}
