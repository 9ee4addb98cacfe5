import { Injectable } from '@nestjs/common';
import { Principal, ScopedProject, ensureProjectInScope } from '@ledger/auth';
import { ReportingReadModels } from '../../read-models/reporting-read-models';

/** Whose reports: a lead department reports for its networks' projects, a region for its own. */
@Injectable()
export class ReportScope {
  constructor(private readonly readModels: ReportingReadModels) {}

  ensure(
    principal: Principal,
    projectId: string,
    units: () => Promise<ScopedProject | undefined> = () =>
      this.readModels.progress.units(projectId),
  ): Promise<void> {
    return ensureProjectInScope(
      principal,
      projectId,
      async () => (await units()) ?? null,
      'report for or read',
    );
  }
}
