import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';
import { WorkbookImportRow } from '@ledger/api';
import { IN_PLANNING } from '../planning.schema';

/**
 * A file the API hands out: its bytes in base64. The same type (fields and all) in every
 * subgraph that serves files, hence shareable; each subgraph registers its own class.
 */
@Directive('@shareable')
@ObjectType('Document', {
  ...IN_PLANNING,
  description: 'A file: its name, media type and bytes in base64.',
})
export class PlanningDocument {
  @Field()
  fileName!: string;
  @Field()
  mediaType!: string;
  @Field()
  base64!: string;
}

@Directive('@shareable')
@ObjectType('WorkbookImport', {
  ...IN_PLANNING,
  description:
    'What an imported workbook recorded: one outcome per row, and the same as a workbook to download.',
})
export class PlanningWorkbookImport {
  @Field(() => Int)
  recorded!: number;
  @Field(() => Int)
  replayed!: number;
  @Field(() => Int)
  refused!: number;
  @Field(() => [WorkbookImportRow])
  rows!: WorkbookImportRow[];
  @Field(() => PlanningDocument, { description: 'The rows above as an xlsx.' })
  report!: PlanningDocument;
}
