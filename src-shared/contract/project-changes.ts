// What a technician may change on a project, built from the field declarations (project-fields.ts):
// each field's schema from what its value may be, nested fields ('serials.panels') grouped, every field
// optional (only the fields given are changed), nothing undeclared taken.
import { z } from 'zod'
import { type FieldValue, PROJECT_FIELDS } from '../project-fields'
import { cleanText } from './common'
import { Usage, usageText } from './usage'

type Spec = (typeof PROJECT_FIELDS)[number]

/** A field's value as the window sends it (In) and as main queues it (Out: usage as its canonical text). */
type ValueIn<V> = V extends { kind: 'text'; nullable: true }
  ? string | null
  : V extends { kind: 'text' }
    ? string
    : V extends { kind: 'coordinate' }
      ? number | null
      : V extends { kind: 'choice'; options: readonly (infer O)[] }
        ? O | null
        : V extends { kind: 'usage' }
          ? z.input<typeof Usage> | null
          : never
type ValueOut<V> = V extends { kind: 'usage' } ? string | null : ValueIn<V>

type Top<K> = K extends `${infer G}.${string}` ? G : K
type Changes<Value extends 'in' | 'out'> = {
  [K in Spec['key'] as Top<K>]?: K extends `${infer G}.${string}`
    ? {
        [F in Spec as F['key'] extends `${G}.${infer C}` ? C : never]?: Value extends 'in'
          ? ValueIn<F['value']>
          : ValueOut<F['value']>
      }
    : Value extends 'in'
      ? ValueIn<Extract<Spec, { key: K }>['value']>
      : ValueOut<Extract<Spec, { key: K }>['value']>
}
export type ProjectChanges = Changes<'out'>
/** ProjectChanges as a window sends them (usage as its object). */
export type ProjectChangesInput = Changes<'in'>

/** The schema of one value, from its declaration. */
export function valueSchema(value: FieldValue): z.ZodType {
  switch (value.kind) {
    case 'text': {
      // Notes and serials keep their spacing and line breaks; one-line text is trimmed.
      let text = value.multiline ? z.string() : z.string().trim()
      text = text.max(value.max)
      if (value.min) text = text.min(value.min, value.required)
      const clean = cleanText(text, value.multiline)
      return value.nullable ? clean.nullable() : clean
    }
    case 'coordinate':
      return z.number().min(-value.limit).max(value.limit).nullable()
    case 'choice':
      return z.enum(value.options as [string, ...string[]]).nullable()
    case 'usage':
      return Usage.transform(usageText).nullable()
  }
}

function changesSchema() {
  const shape: Record<string, z.ZodType> = {}
  const groups = new Map<string, Record<string, z.ZodType>>()
  for (const field of PROJECT_FIELDS as readonly { key: string; value: FieldValue }[]) {
    const [top, nested] = field.key.split('.') as [string, string | undefined]
    if (nested === undefined) shape[top] = valueSchema(field.value)
    else groups.set(top, { ...groups.get(top), [nested]: valueSchema(field.value) })
  }
  for (const [top, fields] of groups) shape[top] = z.object(fields).partial().strict()
  return z.object(shape).partial().strict() as unknown as z.ZodType<ProjectChanges, ProjectChangesInput>
}

/** What a technician may change on a project; only the fields given are changed. */
export const ProjectChanges = changesSchema()
