// A team build's corpus server (wxt.config.ts teamServerOrigin): its origin and a reader token,
// fixed at build time; null in the public build, where every use of it is dead code and dropped.
declare const __SIDELIGHT_TEAM_SERVER__: string | undefined;
declare const __SIDELIGHT_TEAM_TOKEN__: string | undefined;

export const TEAM_SERVER: string | null = typeof __SIDELIGHT_TEAM_SERVER__ === 'string' && __SIDELIGHT_TEAM_SERVER__ !== '' ? __SIDELIGHT_TEAM_SERVER__ : null;
export const TEAM_TOKEN: string = typeof __SIDELIGHT_TEAM_TOKEN__ === 'string' ? __SIDELIGHT_TEAM_TOKEN__ : '';
