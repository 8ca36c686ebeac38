export { createVault } from './vault';
export type { Vault, VaultAddInput, VaultFilter, VaultOptions } from './vault';
