export const INSTALL_HINT: string;
export interface PgSearch {
  pgBin?: string;
  root?: string;
  searchPath?: string;
}
export function findPgBin(search?: PgSearch): string | null;
export function startCluster(options?: { database?: string; search?: PgSearch }): Promise<{ url: string; admin: string; dir: string; port: number; stop: () => void }>;
