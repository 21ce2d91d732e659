import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'mt-install-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8' });
}

describe('the packed package, installed in a new project', () => {
  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), 'mt-pack-'));
    execFileSync(npm, ['pack', '--silent', '--pack-destination', out], { cwd: root, encoding: 'utf8' });
    const tarball = readdirSync(out).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error('npm pack produced no tarball');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', join(out, tarball)], {
      cwd: project,
      encoding: 'utf8',
    });
  }, 240_000);

  it('works from ESM: the core, ./testing, ./fhir, ./schemas and the rule JSON', () => {
    const script = `
      import { createTriage } from 'microneedling-triage';
      import { jsonSchema } from 'microneedling-triage/schemas';
      import { runCases } from 'microneedling-triage/testing';
      import { buildQuestionnaire, toCdsHooksCards } from 'microneedling-triage/fhir';
      import timeline from 'microneedling-triage/rules/timeline.json' with { type: 'json' };
      const triage = createTriage();
      const assessment = await triage.assess({ hoursSinceTreatment: 30, signs: { fever: true } });
      const [result] = await runCases(triage, [{ name: 'x', input: { hoursSinceTreatment: 30 }, expect: { minLevel: 'monitor' } }]);
      console.log(JSON.stringify({ level: assessment.level, passed: result.passed, card: toCdsHooksCards(assessment)[0].indicator, items: buildQuestionnaire('checkin').item.length > 0, rules: timeline.rules.length > 0, schema: jsonSchema('checkin').title }));
    `;
    writeFileSync(join(project, 'esm.mjs'), script);
    expect(JSON.parse(node(['esm.mjs']))).toEqual({
      level: 'urgent',
      passed: true,
      card: 'critical',
      items: true,
      rules: true,
      schema: 'microneedling-triage check-in',
    });
  });

  it('ships the MIT licence its package.json names', () => {
    const installed = join(project, 'node_modules', 'microneedling-triage');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { license?: string };
    expect(manifest.license).toBe('MIT');
    const licence = readFileSync(join(installed, 'LICENSE'), 'utf8');
    expect(licence).toMatch(/^MIT License\n/);
    expect(licence).toContain('Permission is hereby granted, free of charge');
  });

  it('works from CommonJS', () => {
    const script = `
      const { screen, aftercare } = require('microneedling-triage');
      const { fromQuestionnaireResponse } = require('microneedling-triage/fhir');
      const { diffDecisions } = require('microneedling-triage/testing');
      const rules = require('microneedling-triage/rules/contraindications.json');
      screen({ conditions: { pregnant: true } }).then((screening) => {
        console.log(JSON.stringify({ decision: screening.decision, hours: aftercare({ hoursSinceTreatment: 1 }).hoursSinceTreatment, fhir: typeof fromQuestionnaireResponse, diff: typeof diffDecisions, rules: rules.kind }));
      });
    `;
    writeFileSync(join(project, 'cjs.cjs'), script);
    expect(JSON.parse(node(['cjs.cjs']))).toEqual({
      decision: 'postpone',
      hours: 1,
      fhir: 'function',
      diff: 'function',
      rules: 'screening',
    });
  });

  it('runs the bin from the installed package', () => {
    writeFileSync(join(project, 'check-in.json'), JSON.stringify({ hoursSinceTreatment: 30, signs: { fever: true } }));
    const bin = join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'microneedling-triage.cmd' : 'microneedling-triage');
    const output = execFileSync(bin, ['assess', 'check-in.json'], { cwd: project, encoding: 'utf8' });
    expect(output).toContain('LEVEL: URGENT');
    expect(execFileSync(bin, ['--version'], { cwd: project, encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
