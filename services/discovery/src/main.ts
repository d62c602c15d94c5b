import { runService } from '@polly/runtime';
import { discoveryService } from './service';

void runService(discoveryService);
