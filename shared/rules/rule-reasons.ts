/**
 * Why a step is there, in a technician's words: the "Why?" disclosure of a step and the rules
 * list of the customer report. The rule codes (R1–R14) stay in the journal export and the
 * report's margin; people read these sentences. shared/rules states each rule's verdicts;
 * these are the short reasons behind them, from the procedure catalogue.
 */
export const RULE_REASONS: Readonly<Record<string, string>> = {
  R1: 'A settings backup taken after the maintenance window started must be in the vault before anything is installed, so the appliance can be put back as it was.',
  R2: 'The SSL certificate with its private key and chain is exported before the upgrade, protected by a passphrase, in case the appliance has to be rebuilt.',
  R3: 'An expired, incomplete or mismatched certificate can leave most Jump Clients offline after a new site package, so its health is checked first.',
  R4: 'Base software installs before the site packages that need it, with a fresh backup in between and nothing else done in that gap.',
  R5: 'If a Base update fails, the appliance must not be restarted: support needs it as it is, so the assistant keeps the diagnostics and offers no retry.',
  R6: 'The appliance clock must be right before a download key is made: a key stamped with a wrong time is refused by the update server.',
  R7: 'A downloaded update cannot be downloaded again without vendor support, so every package stays in the vault until its install is verified.',
  R8: 'A failover pair is synchronised, and the sync awaited, before the relationship is broken.',
  R9: 'A failover pair is upgraded in two maintenance windows; the time between them is tracked.',
  R10: 'Re-established failover needs identical keys and each appliance’s own address, then a first sync that is awaited.',
  R11: 'Before switching, the new version is tested from at least two computers and one session.',
  R12: 'Making the other appliance primary is verified by reaching the site address and seeing it answer.',
  R13: 'While a package installs the site is down: everyone logged in is signed out and sessions end, for 15–60 minutes per appliance or longer with much stored data.',
  R14: 'Only site-version updates need client updates; Base software and licence add-ons do not.',
};

/** The reasons behind a step's rules, in the order given; unknown codes are left out, never shown raw. */
export function ruleReasons(rules: readonly string[]): string[] {
  return rules.flatMap((rule) => (RULE_REASONS[rule] ? [RULE_REASONS[rule]] : []));
}
