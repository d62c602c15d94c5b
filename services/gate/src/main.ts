import { runService } from '@polly/runtime';
import { gateService } from './service';

void runService(gateService);
