import { communityModule } from './modules/community/module.js';
import { conciergeModule } from './modules/concierge/module.js';
import { directoryModule } from './modules/directory/module.js';
import { impactModule } from './modules/impact/module.js';
import { spacesModule } from './modules/spaces/module.js';
import { supportModule } from './modules/support/module.js';
import { platformModule } from './platform/manifest.js';
import type { ModuleManifest } from './platform/module.js';

/** Every module of this installation, platform first. */
export const MODULES: ModuleManifest[] = [platformModule, directoryModule, communityModule, supportModule, spacesModule, impactModule, conciergeModule];

export const ALL_MIGRATIONS = MODULES.flatMap((m) => m.migrations);

export const ALL_JOBS = MODULES.flatMap((m) => m.jobs ?? []);
