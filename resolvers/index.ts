import { EstimateResolver } from './estimate.resolver';
import { HardwareResolver } from './hardware.resolver';
import { LibraryResolver } from './library.resolver';
import { ScenarioResolver } from './scenario.resolver';
import { SweepResolver } from './sweep.resolver';
import { UserResolver } from './user.resolver';

export const resolvers = [EstimateResolver, HardwareResolver, LibraryResolver, ScenarioResolver, SweepResolver, UserResolver] as const;
