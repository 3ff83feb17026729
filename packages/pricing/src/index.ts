export type { Usage } from './usage';
