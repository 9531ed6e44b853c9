/**
 * One credential, one decision: an AWS key id and its secret key (or a client id and its secret) are two
 * findings of the scan but one credential. Triage decides it once, the revoke and rotate steps call its
 * provider once, and the TUI shows it as one row. The scan links the halves (`pairedWith`,
 * src/scan/pairs.ts); this module groups them, keeping the scan's order.
 */

/** What grouping needs of a finding (a scan Finding or the TUI's FindingView). */
export interface Pairable {
  fingerprint: string;
  pairedWith?: string;
}

export interface CredentialGroup<F extends Pairable> {
  /** The half listed first: it names the credential in the journal, the table and the report. */
  primary: F;
  /** The other half, when the scan paired it and it is in the same list. */
  partner: F | null;
}

/** The credentials among `findings`, in their order: a pair becomes one group at its first half. */
export function credentialGroups<F extends Pairable>(findings: readonly F[]): CredentialGroup<F>[] {
  const byFp = new Map(findings.map((f) => [f.fingerprint, f]));
  const taken = new Set<string>();
  const groups: CredentialGroup<F>[] = [];
  for (const f of findings) {
    if (taken.has(f.fingerprint)) continue;
    taken.add(f.fingerprint);
    const other = f.pairedWith !== undefined && f.pairedWith !== f.fingerprint ? byFp.get(f.pairedWith) : undefined;
    if (other && !taken.has(other.fingerprint)) {
      taken.add(other.fingerprint);
      groups.push({ primary: f, partner: other });
    } else groups.push({ primary: f, partner: null });
  }
  return groups;
}

/** The fingerprints of a group: the primary first. */
export function fingerprintsOf(group: CredentialGroup<Pairable>): string[] {
  return group.partner ? [group.primary.fingerprint, group.partner.fingerprint] : [group.primary.fingerprint];
}
