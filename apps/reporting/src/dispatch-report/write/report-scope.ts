import { Injectable } from '@nestjs/common';
import { Principal, ensureProjectInScope } from '@ledger/auth';
import { ReportingReadModels } from '../../read-models/reporting-read-models';

/** Whose reports: a lead department reports for its networks' projects, a region for its own. */
@Injectable()
export class ReportScope {
  constructor(private readonly readModels: ReportingReadModels) {}

  ensure(principal: Principal, projectId: string): Promise<void> {
    return ensureProjectInScope(
      principal,
      projectId,
      async () => (await this.readModels.progress.units(projectId)) ?? null,
      'report for or read',
    );
  }
}
