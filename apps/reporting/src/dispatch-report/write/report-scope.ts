import { Injectable } from '@nestjs/common';
import { Principal, forbidden, inScope, scopeOf } from '@ledger/auth';
import { ReportingReadModels } from '../../read-models/reporting-read-models';

/** Whose reports: a lead department reports for its networks' projects, a region for its own. */
@Injectable()
export class ReportScope {
  constructor(private readonly readModels: ReportingReadModels) {}

  async ensure(principal: Principal, projectId: string): Promise<void> {
    const scope = scopeOf(principal);
    if (scope.kind === 'all') return;
    const units = await this.readModels.progress.units(projectId);
    // An unknown project is answered as such by the command or the query.
    if (units && !inScope(scope, units)) {
      throw forbidden(`project ${projectId} is outside what your role may report for or read`);
    }
  }
}
