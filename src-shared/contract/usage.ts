// OpenSolar's energy use, as the contract takes it and the cache keeps it.
import { z } from 'zod'

/** OpenSolar energy use: each data source with the shape of its values (opensolar-projects.txt, "Supported Usage Values"). */
const counts = (n: number) => z.array(z.number().int().nonnegative()).length(n)
export const Usage = z.discriminatedUnion('usage_data_source', [
  z.object({ usage_data_source: z.literal('kwh_annual'), values: z.number().int().nonnegative() }),
  z.object({ usage_data_source: z.literal('kwh_monthly'), values: counts(12) }),
  z.object({ usage_data_source: z.literal('kwh_every_second_month'), values: counts(6) }),
  z.object({ usage_data_source: z.literal('kwh_quarterly'), values: counts(4) }),
  z.object({ usage_data_source: z.literal('kwh_daily_per_month'), values: counts(12) }),
  z.object({ usage_data_source: z.literal('bill_annual'), values: z.number().int().nonnegative() }),
  z.object({ usage_data_source: z.literal('bill_monthly'), values: counts(12) }),
  z.object({ usage_data_source: z.literal('bill_every_second_month'), values: counts(6) }),
  z.object({ usage_data_source: z.literal('bill_quarterly'), values: counts(4) }),
  z.object({ usage_data_source: z.literal('estimate'), values: z.enum(['Low', 'Medium', 'High']) }),
])
export type Usage = z.infer<typeof Usage>

/** Usage as the cache and the queue hold it: one canonical JSON text, so a change is a change of one field. */
export const usageText = (usage: Usage): string =>
  JSON.stringify({ usage_data_source: usage.usage_data_source, values: usage.values })
