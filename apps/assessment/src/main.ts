import { serveSubgraph } from '@ledger/api/subgraph-host';
import { AssessmentModule } from './assessment.module';
import { assessmentOptionsFromEnv } from './assessment.options';

/** Distributed mode: the assessment service alone (PORT, default 4003). */
void serveSubgraph('assessment', AssessmentModule.forRoot(assessmentOptionsFromEnv()), 4003);
