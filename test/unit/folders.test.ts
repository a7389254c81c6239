import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderProblem } from '#config/folders.ts';

describe('a folder named by a setting', () => {
  it('is made, level by level, when it can be', () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-folders-'));
    try {
      expect(folderProblem(join(dir, 'a', 'b', 'c'))).toBeNull();
      expect(folderProblem(join(dir, 'a', 'b', 'c'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is fine when part of it exists already (two processes starting together: test/cluster)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-folders-'));
    try {
      const target = join(dir, 'data', 'publications');
      mkdirSync(join(dir, 'data'));
      expect(folderProblem(target)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says why it cannot be used: a file in the way, or a place nothing can be made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-folders-'));
    try {
      writeFileSync(join(dir, 'file'), '');
      expect(folderProblem(join(dir, 'file'))).toMatch(/is a file, not a folder/);
      expect(folderProblem(join(dir, 'file', 'below'))).toMatch(/is a file, not a folder/);
      expect(folderProblem('/proc/register-cannot-be-here')).toMatch(/cannot be created or written/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
