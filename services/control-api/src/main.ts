import { runService } from '@polly/runtime';
import { controlApiService } from './service';

void runService(controlApiService);
