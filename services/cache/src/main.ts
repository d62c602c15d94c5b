import { runService } from '@polly/runtime';
import { cacheService } from './service';

void runService(cacheService);
