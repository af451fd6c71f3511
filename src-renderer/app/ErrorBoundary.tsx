// One part of the window failing (a chart given readings it cannot draw, a bug) must not blank the whole
// window: that part says so and offers a way out, the rest keeps working. Everything is saved in main as
// it is made, so trying again loses nothing.
import { Component, type ReactNode } from 'react'

export class ErrorBoundary extends Component<{ area: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  override componentDidCatch(error: Error) {
    console.error(`${this.props.area} failed`, error)
  }

  override render() {
    if (!this.state.error) return this.props.children
    return (
      <div className="empty-state area-failed" role="alert">
        <h2>{this.props.area} hit a problem</h2>
        <p>Your work is saved. Try this part again, or reload the window if it keeps happening.</p>
        <p className="muted">{this.state.error.message}</p>
        <div className="area-failed-actions">
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button type="button" onClick={() => window.location.reload()}>
            Reload the window
          </button>
        </div>
      </div>
    )
  }
}
