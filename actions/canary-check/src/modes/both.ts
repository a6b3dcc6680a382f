import type { ActionContext } from '@gloriousflywheel/shared';
import { runCanary } from '../canary';
import type { Definition } from '../inputs';

export const main = (ctx: ActionContext<Definition>) => runCanary(ctx, { outside: true, inside: true });
