/**
 * Where any of `secrets` shows in `text`: whole, URL-encoded or base64, or any run of 8 of their
 * characters (case aside) that does not read like words — what the app's redactor must leave none of.
 */
export function secretTraces(text: string, secrets: readonly string[]): string[] {
  const lower = text.toLowerCase()
  const found: string[] = []
  for (const secret of secrets)
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])
      for (let at = 0; at + 8 <= form.length; at++) {
        const run = form.slice(at, at + 8)
        if (/^[a-z-]+$/.test(run)) continue
        if (lower.includes(run.toLowerCase())) found.push(`${secret} as "${run}"`)
      }
  return found
}
