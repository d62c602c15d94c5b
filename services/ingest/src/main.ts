import { runService } from '@polly/runtime';
import { ingestService } from './service';

void runService(ingestService);
