/**
 * The shape of the cockpit's client state and its validation. The state is kept per browser tab
 * in sessionStorage: it survives studio switches and reloads, and resets in a new browser session
 * (the owner's answer in PRD chapter 7). Whatever comes back from storage is validated before use.
 * `zod/mini` is zod's tree-shakable build: the same schemas at a fraction of the page weight.
 */
import * as z from 'zod/mini';

export const storageKey = 'polly.cockpit.state.v1';

export const studios = ['design', 'trade', 'fly'] as const;
export type Studio = (typeof studios)[number];

export const tools = ['rulers', 'grid', 'outlines'] as const;
export type Tool = (typeof tools)[number];

const dimmer = z.number().check(z.gte(0.25), z.lte(1));

export const IlluminationSchema = z.object({
  master: z.object({ on: z.boolean(), dimmer }),
  text: z.object({ primaryOn: z.boolean(), secondaryOn: z.boolean(), dimmer }),
  bars: z.object({ primaryOn: z.boolean(), secondaryOn: z.boolean(), dimmer }),
  flood: z.object({ on: z.boolean(), dimmer }),
  display: z.object({ on: z.boolean(), dimmer }),
});

export const CockpitStateSchema = z.object({
  systemTheme: z.string(),
  mode: z.enum(['light', 'dark']),
  studio: z.enum(studios),
  illumination: IlluminationSchema,
  tools: z.object({ rulers: z.boolean(), grid: z.boolean(), outlines: z.boolean() }),
});
export type CockpitState = z.infer<typeof CockpitStateSchema>;

export const switchPaths = [
  'master.on',
  'text.primaryOn',
  'text.secondaryOn',
  'bars.primaryOn',
  'bars.secondaryOn',
  'flood.on',
  'display.on',
] as const;
export type SwitchPath = (typeof switchPaths)[number];

export const dimmerPaths = ['master.dimmer', 'text.dimmer', 'bars.dimmer', 'flood.dimmer', 'display.dimmer'] as const;
export type DimmerPath = (typeof dimmerPaths)[number];
