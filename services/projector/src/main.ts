import { runService } from '@polly/runtime';
import { projectorService } from './service';

void runService(projectorService);
