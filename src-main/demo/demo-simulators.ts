// "Try the demo" runs against the vendor simulators (demo/simulators/), the app's demo backend by design:
// started in this process on loopback, only when asked for, and loaded only then (a separate chunk).
export async function startDemoSimulators(): Promise<{ origin: string; stop(): Promise<void> }> {
  const { startSandbox } = await import('./simulators/sandbox')
  return startSandbox({ port: 0 })
}
