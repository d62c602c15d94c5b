import { runService } from '@polly/runtime';
import { agentsService } from './service';

void runService(agentsService);
