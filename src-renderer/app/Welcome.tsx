import { useContractMutation } from '../api/contract-hooks'

/** First run (no accounts): connect a real account, or look around with the demo on the simulators. */
export function Welcome({ onAddAccount }: { onAddAccount: () => void }) {
  const demo = useContractMutation<'app.startDemo', void>('app.startDemo', { input: () => ({}) })
  return (
    <section className="welcome" aria-label="Welcome">
      <div className="welcome-card">
        <h1>
          <span className="brand-mark" aria-hidden="true">
            ☀
          </span>{' '}
          Welcome to Solar Field
        </h1>
        <p>
          Your projects on a map, on site, with or without signal. Connect your company’s OpenSolar, Easy PV, Aurora or
          Locus Energy account while you are online: Solar Field keeps a copy on this computer, and sends what you
          change on site when there is signal again.
        </p>
        <div className="welcome-actions">
          <button type="button" className="primary" onClick={onAddAccount}>
            Add an account
          </button>
          <button type="button" onClick={() => demo.mutate()} disabled={demo.isPending}>
            {demo.isPending ? 'Starting the demo…' : 'Try the demo'}
          </button>
        </div>
        <p className="muted">
          The demo runs made-up projects and monitored sites against simulated vendors on this computer; remove its
          accounts in Settings when you are done.
        </p>
        {demo.error && (
          <p className="editor-error" role="alert">
            {demo.error.message}
          </p>
        )}
      </div>
    </section>
  )
}
