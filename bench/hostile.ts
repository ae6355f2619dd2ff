/**
 * The soak's hostile mix (lib/hostile.ts) as an entry of its own, run by lib/child.ts beside the
 * normal load: its clients' work stays out of the load generator's and the probes' process.
 */
import { childMain } from './lib/child';
import { hostile, HostileConfig, HostileResult } from './lib/hostile';

childMain<HostileConfig, HostileResult>(hostile);
