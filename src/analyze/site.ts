// Where a fact comes from: the Dockerfile line of the command, its text, and the
// stage, so that every analyzer can report findings in the same shape.

import { finding, type FindingId } from '../findings.js';
import type { Finding } from '../model.js';

export interface CommandSite {
  /** 1-based Dockerfile line of the command. */
  line: number;
  /** Source text of the command. */
  text: string;
  stage: string;
  findings: Finding[];
}

export function report(site: CommandSite, id: FindingId, message: string, hint?: string): void {
  site.findings.push(
    finding(id, message, { line: site.line, stage: site.stage }, hint ? { hint } : {}),
  );
}
