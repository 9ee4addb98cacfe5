import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CommandEnvelope, handleCommand, loadStream } from '@ledger/event-sourcing';
import { loadJilin761Seed } from '../../../../seeds/jilin-761/seed-data';
import { PLANNING_OPTIONS, PlanningOptions } from '../planning.options';
import { PROGRAMME_STREAM, programmeDecider } from '../programme/domain/programme.decider';
import { projectStreamId } from '../project/domain/project-id';
import { projectDecider } from '../project/domain/project.decider';
import { establishProgrammeFromSeed, listNamedProjectsFromSeed } from './jilin-761-plan';
import {
  ADMINISTRATIVE_UNITS_STREAM,
  administrativeUnitsDecider,
} from '../administrative-units/domain/administrative-units.decider';
import {
  establishMissingUnits,
  loadAdministrativeUnitsFile,
  reassignmentsFromFile,
} from '../administrative-units/seed/administrative-units-seed';

const SEED_ACTOR = 'seed:jilin-761';
/** The facts are the plan document's, dated the day it was issued (Beijing time). */
const PLAN_ISSUED_AT = '2020-04-09T00:00:00+08:00';

/**
 * Loads the 761 plan into the store on first start. Idempotent and resumable: each stream
 * is written only if it does not exist yet, so a second start, or a start after a crash
 * half-way, adds exactly what is missing.
 */
@Injectable()
export class SeedLoader {
  private readonly logger = new Logger(SeedLoader.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLANNING_OPTIONS) private readonly options: PlanningOptions,
  ) {}

  async loadIfEnabled(): Promise<void> {
    if (this.options.loadSeed) await this.load();
  }

  async load(): Promise<{ programme: boolean; projects: number; targets: number; units: number }> {
    const seed = loadJilin761Seed();
    const envelope = (key: string): CommandEnvelope => ({
      actor: SEED_ACTOR,
      idempotencyKey: `seed:jilin-761:${key}`,
      validAt: PLAN_ISSUED_AT,
    });
    let programme = false;
    let targets = 0;
    const establish = establishProgrammeFromSeed(seed);
    const { state } = await loadStream(this.store, programmeDecider, PROGRAMME_STREAM);
    if (!state.established) {
      await handleCommand(
        this.store,
        programmeDecider,
        PROGRAMME_STREAM,
        establish,
        envelope('programme'),
        { service: 'planning' },
      );
      programme = true;
    } else {
      // A store established before the seed had these targets: add only the missing ones.
      const missing = establish.targets.filter((t) => !state.targets.has(t.code));
      if (missing.length > 0) {
        await handleCommand(
          this.store,
          programmeDecider,
          PROGRAMME_STREAM,
          { type: 'SetIndicatorTargets', targets: missing },
          envelope(`targets:${missing.map((t) => t.code).join(',')}`),
          { service: 'planning' },
        );
        targets = missing.length;
      }
    }
    const units = await this.loadAdministrativeUnits();
    let projects = 0;
    for (const command of listNamedProjectsFromSeed(seed)) {
      const streamId = projectStreamId(command.projectId);
      const existing = await loadStream(this.store, projectDecider, streamId);
      if (existing.version !== null) continue;
      await handleCommand(
        this.store,
        projectDecider,
        streamId,
        command,
        envelope(command.projectId),
        { service: 'planning' },
      );
      projects += 1;
    }
    if (programme || projects > 0 || targets > 0 || units > 0) {
      this.logger.log(
        `761 plan loaded: ${programme ? 'programme established, ' : ''}${projects} named projects listed, ` +
          `${targets} targets added, ${units} administrative-unit events`,
      );
    }
    return { programme, projects, targets, units };
  }

  /**
   * The administrative units of seeds/jilin-761/administrative-units.json and their dated
   * changes: units the stream lacks are established in one append, then each change not yet
   * in force is recorded, in the order they took effect. Returns the events appended.
   */
  private async loadAdministrativeUnits(): Promise<number> {
    const file = loadAdministrativeUnitsFile();
    const unitEnvelope = (key: string): CommandEnvelope => ({
      actor: SEED_ACTOR,
      idempotencyKey: `seed:jilin-761:administrative-units:${key}`,
      validAt: `${key.slice(-10)}T00:00:00+08:00`,
    });
    let appended = 0;
    let { state } = await loadStream(
      this.store,
      administrativeUnitsDecider,
      ADMINISTRATIVE_UNITS_STREAM,
    );
    const establish = establishMissingUnits(file, state.codesEverUsed);
    if (establish) {
      const result = await handleCommand(
        this.store,
        administrativeUnitsDecider,
        ADMINISTRATIVE_UNITS_STREAM,
        establish,
        unitEnvelope(`baseline:${establish.units.length}:${file.baseline.validFrom}`),
        { service: 'planning' },
      );
      state = result.state;
      appended += establish.units.length;
    }
    for (const change of reassignmentsFromFile(file)) {
      const now = state.units.get(change.code);
      if (now && now.parentCode === change.toParentCode && now.lastChangeOn >= change.validFrom) {
        continue;
      }
      const result = await handleCommand(
        this.store,
        administrativeUnitsDecider,
        ADMINISTRATIVE_UNITS_STREAM,
        change,
        unitEnvelope(`${change.previousCode}-${change.code}:${change.validFrom}`),
        { service: 'planning' },
      );
      state = result.state;
      appended += 1;
    }
    return appended;
  }
}
