export { ANCHOR_MS, generateProjects, hash, type GeneratedProject } from '../../demo-world'

/** Django-style timestamps with microseconds, as OpenSolar sends them. */
export const djangoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
