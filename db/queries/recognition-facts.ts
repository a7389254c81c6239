/** What the rules module needs of a stored recognition: its start and a recorded end, if any. */
import type { RecognitionFacts } from '#domain/rules/index.ts';

/** The columns of a recognition row the rules look at. */
export interface RecognitionRow {
  validFrom: string;
  terminationKind: 'withdrawn' | 'renounced' | null;
  terminationEffectiveFrom: string | null;
  terminationReason?: string | null;
}

/** The facts of a stored recognition, as the rules module takes them. */
export function recognitionFacts(row: RecognitionRow): RecognitionFacts {
  return {
    validFrom: row.validFrom,
    termination:
      row.terminationKind && row.terminationEffectiveFrom
        ? { kind: row.terminationKind, effectiveFrom: row.terminationEffectiveFrom, reason: row.terminationReason ?? '' }
        : null,
  };
}
