/** axe-core checks against WCAG 2.1 A and AA, shared by the accessibility tests. */
import { expect } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Result } from 'axe-core';

/** The axe tags of WCAG 2.1 levels A and AA. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Axe violations as lines a person can act on: rule, impact, what to fix, and where. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .slice(0, 5)
        .map((node) => `    at ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}\n      ${node.html.slice(0, 200)}`)
        .join('\n');
      const more = violation.nodes.length > 5 ? `\n    …and ${violation.nodes.length - 5} more` : '';
      return `  ${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

/** Runs axe on the page as it is now and fails with a readable list of violations. */
export async function expectNoViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  expect(results.violations, `axe found WCAG 2.1 AA violations on ${what} (${page.url()}):\n${describeViolations(results.violations)}`).toEqual([]);
  // A check that ran on nothing proves nothing: the page must have had content to judge.
  expect(results.passes.length, `axe found nothing to check on ${what}`).toBeGreaterThan(10);
}
