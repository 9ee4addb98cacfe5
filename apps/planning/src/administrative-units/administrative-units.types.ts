import { Field, Int, ObjectType } from '@nestjs/graphql';
import { IN_PLANNING } from '../planning.schema';
import { UnitSpell } from './domain/units-as-of';

@ObjectType('AdministrativeUnitSource', {
  ...IN_PLANNING,
  description:
    'Where a unit or change comes from: the GB/T 2260 package (package, version), a line of the plan (document, line, quote), or a published decision (authority, title, publishedOn, url, note).',
})
export class AdministrativeUnitSourceType {
  @Field({ description: 'package | plan-document | publication' })
  kind!: string;
  @Field({ description: 'One line a person can read.' })
  summary!: string;
  @Field(() => String, { nullable: true })
  package!: string | null;
  @Field(() => String, { nullable: true })
  version!: string | null;
  @Field(() => String, { nullable: true })
  document!: string | null;
  @Field(() => Int, { nullable: true })
  line!: number | null;
  @Field(() => String, { nullable: true })
  quote!: string | null;
  @Field(() => String, { nullable: true })
  authority!: string | null;
  @Field(() => String, { nullable: true })
  title!: string | null;
  @Field(() => String, { nullable: true })
  publishedOn!: string | null;
  @Field(() => String, { nullable: true })
  url!: string | null;
  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('AdministrativeUnit', {
  ...IN_PLANNING,
  description:
    'An administrative unit below the province as it stood over one spell (validFrom to validTo, inclusive).',
})
export class AdministrativeUnitType {
  @Field({
    description:
      "Six-digit GB/T 2260 code, or the ledger's own (ledger:…) where GB/T 2260 has none.",
  })
  code!: string;
  @Field()
  nameZh!: string;
  @Field({ description: 'prefecture | county | functional-area' })
  level!: string;
  @Field(() => String, { nullable: true })
  parentCode!: string | null;
  @Field(() => String, { nullable: true, description: 'The programme region answerable for it.' })
  programmeRegionCode!: string | null;
  @Field()
  validFrom!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Last day of the spell; null while it stands.',
  })
  validTo!: string | null;
  @Field({ description: "Whether the code is a GB/T 2260 code (false: the ledger's own)." })
  gbt2260!: boolean;
  @Field(() => AdministrativeUnitSourceType)
  source!: AdministrativeUnitSourceType;
}

export function toAdministrativeUnit(spell: UnitSpell): AdministrativeUnitType {
  const s = spell.source;
  const empty = {
    package: null,
    version: null,
    document: null,
    line: null,
    quote: null,
    authority: null,
    title: null,
    publishedOn: null,
    url: null,
    note: null,
  };
  const source: AdministrativeUnitSourceType =
    'package' in s
      ? {
          ...empty,
          kind: 'package',
          summary: `GB/T 2260, ${s.package} ${s.version}`,
          package: s.package,
          version: s.version,
        }
      : 'document' in s
        ? {
            ...empty,
            kind: 'plan-document',
            summary: `${s.document} L${s.line}: ${s.quote}`,
            document: s.document,
            line: s.line,
            quote: s.quote,
          }
        : {
            ...empty,
            kind: 'publication',
            summary: `${s.authority}: ${s.title}${s.publishedOn ? ` (${s.publishedOn})` : ''}`,
            authority: s.authority,
            title: s.title,
            publishedOn: s.publishedOn,
            url: s.url,
            note: s.note,
          };
  return {
    code: spell.code,
    nameZh: spell.nameZh,
    level: spell.level,
    parentCode: spell.parentCode,
    programmeRegionCode: spell.programmeRegionCode,
    validFrom: spell.validFrom,
    validTo: spell.validTo,
    gbt2260: /^\d{6}$/.test(spell.code),
    source,
  };
}
