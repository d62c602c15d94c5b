import { runService } from '@polly/runtime';
import { executionService } from './service';

void runService(executionService);
