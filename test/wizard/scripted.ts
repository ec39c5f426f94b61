import assert from 'node:assert/strict';
import { painter } from '../../src/report/paint.js';
import { WizardCancelled, type Choice, type Prompts } from '../../src/wizard/prompts.js';

// A prompt adapter that answers from a script, in order, and records what was asked.
// An `input` answer the prompt's validate refuses is recorded and the next step answers
// the same question again, as the terminal prompt would.

export type Step =
  | { select: string }
  | { checkbox: string[] }
  | { search: string; term?: string }
  | { input: string }
  | { confirm: boolean }
  | { cancel: true };

export interface Asked {
  kind: string;
  message: string;
  default?: string | boolean;
  choices?: string[];
}

export class ScriptedPrompts implements Prompts {
  readonly asked: Asked[] = [];
  readonly refused: string[] = [];
  constructor(private readonly steps: Step[]) {}

  get remaining(): number {
    return this.steps.length;
  }

  private next<K extends string>(kind: K, message: string): Step {
    const step = this.steps.shift();
    assert.ok(step, `no scripted answer left for ${kind} "${message}"`);
    if ('cancel' in step) throw new WizardCancelled();
    assert.ok(kind in step, `expected a ${Object.keys(step)[0]} step, got ${kind} "${message}"`);
    return step;
  }

  async select(q: { message: string; choices: Choice[]; default?: string }): Promise<string> {
    this.asked.push({
      kind: 'select',
      message: q.message,
      ...(q.default === undefined ? {} : { default: q.default }),
      choices: q.choices.map((c) => c.value),
    });
    const step = this.next('select', q.message) as { select: string };
    assert.ok(
      q.choices.some((c) => c.value === step.select),
      `${step.select} is not a choice of "${q.message}"`,
    );
    return step.select;
  }

  async checkbox(q: {
    message: string;
    choices: (Choice & { checked?: boolean })[];
    required?: boolean;
  }): Promise<string[]> {
    this.asked.push({
      kind: 'checkbox',
      message: q.message,
      choices: q.choices.map((c) => `${c.checked ? '[x]' : '[ ]'} ${c.value}`),
    });
    const step = this.next('checkbox', q.message) as { checkbox: string[] };
    for (const v of step.checkbox)
      assert.ok(
        q.choices.some((c) => c.value === v),
        v,
      );
    // The terminal prompt returns the choices in their order, not in the order ticked.
    return q.choices.map((c) => c.value).filter((v) => step.checkbox.includes(v));
  }

  async search(q: { message: string; source: (term: string) => Choice[] }): Promise<string> {
    const step = this.next('search', q.message) as { search: string; term?: string };
    const offered = q.source(step.term ?? '').map((c) => c.value);
    this.asked.push({ kind: 'search', message: q.message, choices: offered });
    assert.ok(offered.includes(step.search), `${step.search} not offered: ${offered.join(', ')}`);
    return step.search;
  }

  async input(q: {
    message: string;
    default?: string;
    validate?: (value: string) => true | string;
  }): Promise<string> {
    this.asked.push({
      kind: 'input',
      message: q.message,
      ...(q.default === undefined ? {} : { default: q.default }),
    });
    for (;;) {
      const step = this.next('input', q.message) as { input: string };
      // An empty answer takes the default, as the terminal prompt does.
      const value = step.input === '' && q.default !== undefined ? q.default : step.input;
      const verdict = q.validate ? q.validate(value) : true;
      if (verdict === true) return value;
      this.refused.push(verdict);
    }
  }

  async confirm(q: { message: string; default?: boolean }): Promise<boolean> {
    this.asked.push({
      kind: 'confirm',
      message: q.message,
      ...(q.default === undefined ? {} : { default: q.default }),
    });
    return (this.next('confirm', q.message) as { confirm: boolean }).confirm;
  }
}

export function collectingIO(prompts: Prompts, dir: string) {
  const printed: string[] = [];
  return {
    io: { prompts, print: (t: string) => printed.push(t), paint: painter(false), dir },
    printed,
  };
}
