export const INSTALL_HINT: string;
export function findPgBin(): string | null;
export function startCluster(options?: { database?: string }): Promise<{ url: string; admin: string; dir: string; port: number; stop: () => void }>;
