import { finding } from '../findings.js';
import type { ApkoConfig, Finding, RunFact } from '../model.js';

// apko writes /etc/passwd and /etc/group from `accounts`, so every user the Dockerfile
// creates (useradd, adduser, groupadd, addgroup) or switches to (USER) must be declared
// there with explicit ids; without USER the image still runs as non-root (nonroot, 65532).

export type Accounts = NonNullable<ApkoConfig['accounts']>;
type UserEntry = Accounts['users'][number];
type GroupEntry = Accounts['groups'][number];

export interface UserSwitch {
  user: string;
  group: string | null;
  line: number;
}

export interface AccountsInput {
  /** user and group facts of the final image's stages, in order. */
  facts: readonly RunFact[];
  /** The last USER instruction of the final image, if any. */
  userSwitch: UserSwitch | null;
  /** `--user NAME[:UID]`. */
  override: { name: string; uid: number | null } | null;
  keepRoot: boolean;
  stage: string;
  /** Users a base image brings with fixed ids (node → 1000), so `USER node` keeps working. */
  baseImageUsers: Readonly<Record<string, number>>;
}

export const NONROOT = { name: 'nonroot', id: 65532 } as const;

// Users that official images and Wolfi packages ship with the same ids everywhere.
const WELL_KNOWN_USERS: Readonly<Record<string, number>> = {
  nonroot: 65532,
  nobody: 65534,
};

// Groups Debian and Alpine ship with fixed ids (`adduser --system` puts users in nogroup).
const WELL_KNOWN_GROUPS: Readonly<Record<string, number>> = {
  nogroup: 65534,
  nobody: 65534,
};

const ROOT_NAMES = new Set(['root', '0']);

class AccountBook {
  readonly users: UserEntry[] = [];
  readonly groups: GroupEntry[] = [];
  readonly findings: Finding[] = [];
  private nextRegular = 1000;
  private nextSystem = 999;

  constructor(private readonly stage: string) {}

  user(name: string): UserEntry | undefined {
    return this.users.find((u) => u.username === name);
  }
  userById(uid: number): UserEntry | undefined {
    return this.users.find((u) => u.uid === uid);
  }
  group(name: string): GroupEntry | undefined {
    return this.groups.find((g) => g.groupname === name);
  }
  private idTaken(id: number): boolean {
    return this.users.some((u) => u.uid === id) || this.groups.some((g) => g.gid === id);
  }

  /** The next free id the way useradd picks them: regular from 1000 up, system from 999 down. */
  allocate(system: boolean): number {
    if (system) {
      while (this.idTaken(this.nextSystem)) this.nextSystem--;
      return this.nextSystem--;
    }
    while (this.idTaken(this.nextRegular)) this.nextRegular++;
    return this.nextRegular++;
  }

  addGroup(name: string, gid: number | null, system: boolean, line: number): GroupEntry {
    const existing = this.group(name);
    if (existing) return existing;
    const known = gid ?? WELL_KNOWN_GROUPS[name] ?? null;
    const id = known ?? this.allocate(system);
    if (known === null) {
      this.findings.push(
        finding(
          'WF309',
          `group \`${name}\` has no fixed gid; wolfify chose ${id}`,
          { line, stage: this.stage },
          { hint: 'Give the group an explicit id (groupadd -g) so file ownership is stable.' },
        ),
      );
    }
    const entry: GroupEntry = { groupname: name, gid: id };
    this.groups.push(entry);
    return entry;
  }

  resolveGroup(group: string, line: number): number {
    if (/^\d+$/.test(group)) return Number(group);
    return this.addGroup(group, null, false, line).gid;
  }

  addUser(fact: Extract<RunFact, { kind: 'user' }>): UserEntry {
    const existing = this.user(fact.name);
    if (existing) return existing;
    let uid = fact.uid;
    if (uid === null) {
      uid = this.allocate(fact.system);
      this.findings.push(
        finding(
          'WF309',
          `user \`${fact.name}\` has no fixed uid; wolfify chose ${uid}`,
          { line: fact.line, stage: this.stage },
          { hint: 'Give the user an explicit id (useradd -u) so file ownership is stable.' },
        ),
      );
    }
    let gid: number;
    if (fact.group !== null) gid = this.resolveGroup(fact.group, fact.line);
    else if (fact.ownGroup)
      gid = this.addGroup(fact.name, this.idTaken(uid) ? null : uid, fact.system, fact.line).gid;
    else gid = uid;
    const entry: UserEntry = { username: fact.name, uid, gid };
    if (fact.shell) entry.shell = fact.shell;
    if (fact.home) entry.homedir = fact.home;
    this.users.push(entry);
    for (const name of fact.groups) {
      const group = this.group(name);
      if (group) group.members = [...(group.members ?? []), fact.name];
    }
    return entry;
  }

  /** A user the Dockerfile switches to without creating it: declare it with a known or chosen id. */
  ensureUser(
    name: string,
    uid: number | null,
    gid: number | null,
    line: number | null,
    why: string | null,
  ): UserEntry {
    const existing = this.user(name);
    if (existing) return existing;
    const id = uid ?? this.allocate(false);
    const groupId = gid ?? id;
    if (!this.groups.some((g) => g.gid === groupId))
      this.groups.push({ groupname: name, gid: groupId });
    const entry: UserEntry = { username: name, uid: id, gid: groupId };
    this.users.push(entry);
    if (why) {
      this.findings.push(
        finding('WF309', `user \`${name}\` (${id}:${groupId}) declared in accounts: ${why}`, {
          line,
          stage: this.stage,
        }),
      );
    }
    return entry;
  }
}

/** Build `accounts` for the final image. `run-as` is always set; it is non-root unless kept. */
export function buildAccounts(input: AccountsInput): { accounts: Accounts; findings: Finding[] } {
  const book = new AccountBook(input.stage);
  for (const fact of input.facts) {
    if (fact.kind === 'group') book.addGroup(fact.name, fact.gid, fact.system, fact.line);
    if (fact.kind === 'user') book.addUser(fact);
  }

  const runAs = chooseRunAs(book, input);
  return {
    accounts: { groups: book.groups, users: book.users, 'run-as': runAs },
    findings: book.findings,
  };
}

function chooseRunAs(book: AccountBook, input: AccountsInput): string {
  const where = { line: input.userSwitch?.line ?? null, stage: input.stage };

  if (input.override) {
    const { name, uid } = input.override;
    const known = book.user(name);
    if (known) return known.username;
    return book.ensureUser(
      name,
      uid ?? WELL_KNOWN_USERS[name] ?? NONROOT.id,
      null,
      null,
      'set with --user',
    ).username;
  }

  const requested = input.userSwitch;
  if (!requested || ROOT_NAMES.has(requested.user)) {
    if (input.keepRoot) return '0';
    if (requested) {
      book.findings.push(
        finding(
          'WF307',
          `the Dockerfile runs the image as root (USER ${requested.user}); wolfify runs it as ${NONROOT.name} (${NONROOT.id})`,
          where,
          { hint: 'Pass --keep-root if the process really needs root, or --user NAME[:UID].' },
        ),
      );
    } else {
      book.findings.push(
        finding(
          'WF306',
          `no USER instruction: the image runs as ${NONROOT.name} (uid/gid ${NONROOT.id}) instead of root`,
          where,
          { hint: 'Pass --keep-root to keep root, or --user NAME[:UID] to choose the user.' },
        ),
      );
    }
    return book.ensureUser(NONROOT.name, NONROOT.id, NONROOT.id, null, null).username;
  }

  const { user, group } = requested;
  if (user.includes('$')) {
    book.findings.push(
      finding(
        'WF306',
        `USER ${user} names a variable wolfify cannot resolve; the image runs as ${NONROOT.name} (${NONROOT.id})`,
        where,
        { hint: 'Pass --build-arg, or --user NAME[:UID] to choose the user.' },
      ),
    );
    return book.ensureUser(NONROOT.name, NONROOT.id, NONROOT.id, null, null).username;
  }
  if (/^\d+$/.test(user)) {
    const uid = Number(user);
    const gid = group !== null && /^\d+$/.test(group) ? Number(group) : null;
    const known = book.userById(uid);
    if (known) return known.username;
    const byId = ([, id]: [string, number]) => id === uid;
    const fromBase = Object.entries(input.baseImageUsers).find(byId)?.[0];
    const name = fromBase ?? Object.entries(WELL_KNOWN_USERS).find(byId)?.[0] ?? `user${uid}`;
    const why = fromBase ? 'the base image provided it' : `USER ${user} names no user`;
    return book.ensureUser(name, uid, gid, requested.line, why).username;
  }

  const known = book.user(user);
  if (known) {
    if (group !== null) known.gid = book.resolveGroup(group, requested.line);
    return known.username;
  }
  const baseId = input.baseImageUsers[user] ?? WELL_KNOWN_USERS[user] ?? null;
  const why = baseId !== null ? 'the base image provided it' : 'USER names a user no step creates';
  // `USER nonroot:nonroot`: the user's own group is declared with it, so resolve the group after.
  const gid = group !== null && group !== user ? book.resolveGroup(group, requested.line) : null;
  return book.ensureUser(user, baseId, gid, requested.line, why).username;
}
