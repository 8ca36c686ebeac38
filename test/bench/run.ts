/**
 * `npm run bench [-- <name>]`: `transfer` (the default) moves a generated package through the
 * big transfers of a manual update (transfer.ts); `ui` measures start-up, home, the history
 * filter and memory with 100 sites and 1 000 finished procedures (ui.ts). Both report, neither asserts.
 */
// A module (for top-level await), though it imports only on demand.
export {};

const BENCHES = { transfer: () => import('./transfer'), ui: () => import('./ui') } as const;

const bench = process.argv[2] ?? 'transfer';
if (!(bench in BENCHES)) {
  console.error(`Unknown benchmark “${bench}”. Choose one of: ${Object.keys(BENCHES).join(', ')}.`);
  process.exit(2);
}
await BENCHES[bench as keyof typeof BENCHES]();
