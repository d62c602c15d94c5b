import { runService } from '@polly/runtime';
import { reconciliationService } from './service';

void runService(reconciliationService);
