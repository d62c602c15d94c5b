import { runService } from '@polly/runtime';
import { controlApiService } from './service';

// Local mode hands every service POLLY_HEALTH_PORT set to the port it lists for the service,
// which for this one is the API port itself; the health server then moves to its own port.
if (process.env.POLLY_HEALTH_PORT !== undefined && process.env.POLLY_HEALTH_PORT === (process.env.POLLY_CONTROL_PORT || '4400')) {
  process.env.POLLY_HEALTH_PORT = String(controlApiService.healthPort);
}

void runService(controlApiService);
