/**
 * What a set of IAM policy documents allows, summarised for a responder: admin or not, actions granted
 * by wildcards, the services touched, roles it may assume, and IAM actions that let a key grant itself
 * more. A pure function over the documents: Deny statements and conditions are counted, not evaluated,
 * so the summary errs towards "can do more", as a blast radius should.
 */

/** One policy as read from IAM: its name, how it applies, and its document (URL-encoded JSON as IAM sends it). */
export interface PolicySource {
  name: string;
  /** `attached`, `inline`, `group Developers (attached)`... */
  via: string;
  document: string | null;
}

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

export interface PolicySummary {
  admin: boolean;
  /** Policies that grant admin (`AdministratorAccess`, or a statement allowing `*` on `*`). */
  adminVia: string[];
  wildcards: string[];
  services: string[];
  /** Resources of statements that allow sts:AssumeRole (`*` or role ARNs). */
  assumable: string[];
  /** IAM actions allowed that let the key give itself or others more rights. */
  escalation: string[];
  /** Allow statements with NotAction: everything but the listed actions. */
  allowAllBut: string[];
  write: boolean;
  denies: number;
  conditional: number;
  /** Documents that could not be parsed, by policy name. */
  unreadable: string[];
}

const ESCALATION = [
  'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:AttachUserPolicy', 'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy', 'iam:PutUserPolicy', 'iam:PutGroupPolicy', 'iam:PutRolePolicy', 'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion', 'iam:AddUserToGroup', 'iam:UpdateAssumeRolePolicy', 'iam:PassRole', 'iam:CreateUser',
];

const WRITE_VERB = /^(?:\*|put|create|delete|update|attach|detach|modify|run|terminate|set|add|remove|start|stop|invoke|publish|send|write|upload|pass|tag|untag|reboot|restore|change|replace|associate|disassociate|enable|disable|import|copy|reset|revoke|authorize|register|deregister|execute|rotate)/i;

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM's glob: `*` any run, `?` one character, case-insensitive (action names are). */
function globMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}

/** The document IAM returns, URL-encoded (RFC 3986) JSON; plain JSON is accepted too. */
export function parsePolicyDocument(raw: string): Statement[] | null {
  for (const text of [raw, safeDecode(raw)]) {
    if (text === null) continue;
    try {
      const doc = JSON.parse(text) as { Statement?: Statement | Statement[] };
      return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    } catch {
      // try the decoded form
    }
  }
  return null;
}

function safeDecode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

const isAdminName = (name: string): boolean => name === 'AdministratorAccess';

export function summarisePolicies(sources: PolicySource[]): PolicySummary {
  const out: PolicySummary = { admin: false, adminVia: [], wildcards: [], services: [], assumable: [], escalation: [], allowAllBut: [], write: false, denies: 0, conditional: 0, unreadable: [] };
  const wildcards = new Set<string>();
  const services = new Set<string>();
  const assumable = new Set<string>();
  const escalation = new Set<string>();
  for (const source of sources) {
    if (isAdminName(source.name)) {
      out.admin = true;
      out.adminVia.push(source.name);
    }
    if (source.document === null) continue;
    const statements = parsePolicyDocument(source.document);
    if (statements === null) {
      out.unreadable.push(source.name);
      continue;
    }
    for (const statement of statements) {
      if (statement.Effect !== 'Allow') {
        out.denies += 1;
        continue;
      }
      if (statement.Condition !== undefined) out.conditional += 1;
      const resources = asList(statement.Resource);
      const everywhere = resources.includes('*');
      if (statement.NotAction !== undefined) {
        out.allowAllBut.push(...asList(statement.NotAction));
        out.write = true;
        if (everywhere) for (const action of ESCALATION) escalation.add(action);
        continue;
      }
      for (const action of asList(statement.Action)) {
        if ((action === '*' || action === '*:*') && everywhere && !out.adminVia.includes(source.name)) {
          out.admin = true;
          out.adminVia.push(source.name);
        }
        if (action.includes('*') || action.includes('?')) wildcards.add(action);
        const [service, name = ''] = action.includes(':') ? action.split(':', 2) : ['*', '*'];
        services.add(service === '*' ? 'all services' : service.toLowerCase());
        if (WRITE_VERB.test(name)) out.write = true;
        for (const candidate of ESCALATION) if (globMatches(action, candidate)) escalation.add(candidate);
        if (globMatches(action, 'sts:AssumeRole')) for (const resource of resources) assumable.add(resource);
      }
    }
  }
  out.wildcards = [...wildcards].sort();
  out.services = [...services].sort();
  out.assumable = [...assumable].sort();
  out.escalation = [...escalation].sort();
  return out;
}
