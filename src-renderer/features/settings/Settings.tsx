import { useState } from 'react'
import type { AccountView, Vendor } from '../../../src-shared/contract'
import { useContractMutation } from '../../api/contract-hooks'
import { useAccounts, usePreferenceControls } from '../../api/queries'
import { VENDORS } from '../projects/vendors'
import { AccountForm } from './AccountForm'
import { MapAreasSettings } from './MapAreasSettings'
import { ConnectionSettings, NotificationsSettings, UpdatesSettings } from './DesktopSettings'
import { VENDOR_FORMS } from './account-fields'

type Editing = { kind: 'add'; vendor: Vendor } | { kind: 'edit'; account: AccountView } | null

/** Settings (a view of its own): accounts, and how the window looks. */
export function Settings(props: { onClose: () => void; focusAccountId?: string | null; startAdding?: boolean }) {
  const accounts = useAccounts()
  const [editing, setEditing] = useState<Editing>(null)
  const [choosing, setChoosing] = useState(Boolean(props.startAdding))
  const data = accounts.data
  return (
    <section className="settings" aria-label="Settings">
      <header className="settings-header">
        <h2>Settings</h2>
        <button type="button" onClick={props.onClose}>
          Back to projects
        </button>
      </header>
      <div className="settings-body">
        <section className="settings-section" aria-label="Accounts">
          <h3>Accounts</h3>
          {accounts.error && <p className="editor-error">{accounts.error.message}</p>}
          {data?.secretProtection === 'weak' && (
            <p className="muted">
              This computer has no keyring: sign-ins are{' '}
              {data.weakProtectionAccepted
                ? 'saved with weak protection, as you agreed'
                : 'kept only until Solar Field closes'}
              .
            </p>
          )}
          {data?.items.length === 0 && !editing && <p className="muted">No accounts yet.</p>}
          <ul className="account-cards">
            {data?.items.map((account) =>
              editing?.kind === 'edit' && editing.account.id === account.id ? (
                <li key={account.id}>
                  <AccountForm
                    vendor={account.vendor}
                    account={account}
                    defaultBaseUrl={data.defaults[account.vendor].baseUrl}
                    weakProtection={data.secretProtection === 'weak' && !data.weakProtectionAccepted}
                    onDone={() => setEditing(null)}
                  />
                </li>
              ) : (
                <AccountCard
                  key={account.id}
                  account={account}
                  highlighted={props.focusAccountId === account.id}
                  weakProtection={data.secretProtection === 'weak' && !data.weakProtectionAccepted}
                  onEdit={() => setEditing({ kind: 'edit', account })}
                />
              ),
            )}
          </ul>
          {editing?.kind === 'add' && data ? (
            <AccountForm
              vendor={editing.vendor}
              defaultBaseUrl={data.defaults[editing.vendor].baseUrl}
              weakProtection={data.secretProtection === 'weak' && !data.weakProtectionAccepted}
              onDone={() => setEditing(null)}
            />
          ) : choosing ? (
            <div className="vendor-choice" role="group" aria-label="Which vendor">
              <p>Which system is the account in?</p>
              {(Object.keys(VENDOR_FORMS) as Vendor[]).map((vendor) => (
                <button
                  key={vendor}
                  type="button"
                  onClick={() => {
                    setChoosing(false)
                    setEditing({ kind: 'add', vendor })
                  }}
                >
                  <span className="vendor-dot" style={{ background: VENDORS[vendor].color }} aria-hidden="true" />
                  {VENDORS[vendor].name}
                </button>
              ))}
              <button type="button" className="link" onClick={() => setChoosing(false)}>
                Cancel
              </button>
            </div>
          ) : (
            <button type="button" className="primary" onClick={() => setChoosing(true)}>
              Add an account
            </button>
          )}
        </section>
        <ConnectionSettings />
        <MapAreasSettings />
        <Appearance />
        <NotificationsSettings />
        <UpdatesSettings />
      </div>
    </section>
  )
}

function AccountCard(props: {
  account: AccountView
  highlighted: boolean
  weakProtection: boolean
  onEdit: () => void
}) {
  const { account } = props
  const test = useContractMutation<'accounts.test', void>('accounts.test', { input: () => ({ id: account.id }) })
  const [removing, setRemoving] = useState(false)
  const [signingIn, setSigningIn] = useState(account.needsSignIn && props.highlighted)
  const settings = VENDOR_FORMS[account.vendor].settings
    .filter((field) => field.kind !== 'checkbox' && account.settings[field.key] !== undefined)
    .map((field) => `${field.label}: ${String(account.settings[field.key])}`)
    .join(' · ')
  return (
    <li className={`account-card${props.highlighted ? ' highlighted' : ''}`} aria-label={account.label}>
      <div className="account-card-head">
        <span className="vendor-dot" style={{ background: VENDORS[account.vendor].color }} aria-hidden="true" />
        <strong>{account.label}</strong>
        <span className="muted">{VENDORS[account.vendor].name}</span>
        {account.demo && <span className="demo-pill">Demo</span>}
        {account.needsSignIn && <span className="needs-sign-in">Sign in again</span>}
      </div>
      <div className="muted mono">{account.baseUrl}</div>
      <div className="muted">{settings}</div>
      <div className="muted">
        {VENDOR_FORMS[account.vendor].secrets
          .map((s) => `${s.label}: ${account.savedSecrets.includes(s.key) ? 'saved' : 'not saved'}`)
          .join(' · ')}
      </div>
      {test.data && (
        <p className={test.data.ok ? 'test-ok' : 'editor-error'} role="status">
          {test.data.ok ? '✓ ' : ''}
          {test.data.message}
        </p>
      )}
      {signingIn ? (
        <SignInForm account={account} weakProtection={props.weakProtection} onDone={() => setSigningIn(false)} />
      ) : removing ? (
        <RemoveAccount account={account} onDone={() => setRemoving(false)} />
      ) : (
        <div className="editor-actions">
          {account.needsSignIn && (
            <button type="button" className="primary" onClick={() => setSigningIn(true)}>
              Sign in again
            </button>
          )}
          <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
          <button type="button" onClick={props.onEdit}>
            Edit
          </button>
          <button type="button" onClick={() => setRemoving(true)}>
            Remove
          </button>
        </div>
      )}
    </li>
  )
}

/** New secrets for an account held for sign-in: saved, the hold lifted, its queue sent. */
function SignInForm(props: { account: AccountView; weakProtection: boolean; onDone: () => void }) {
  const specs = VENDOR_FORMS[props.account.vendor].secrets.filter(
    (s) => !s.when || props.account.settings[s.when.key] === s.when.value,
  )
  const [values, setValues] = useState<Record<string, string>>({})
  const [acceptWeak, setAcceptWeak] = useState(false)
  const signIn = useContractMutation<'accounts.signIn', void>('accounts.signIn', {
    input: () => ({
      id: props.account.id,
      secrets: Object.fromEntries(Object.entries(values).filter(([, v]) => v)),
      acceptWeakProtection: acceptWeak,
    }),
    onSuccess: props.onDone,
  })
  return (
    <form
      className="editor sign-in"
      aria-label={`Sign in to ${props.account.label} again`}
      onSubmit={(e) => {
        e.preventDefault()
        signIn.mutate()
      }}
    >
      {specs.map((s) => (
        <label key={s.key} className="editor-field">
          <span>New {s.label}</span>
          <input
            type="password"
            autoComplete="off"
            value={values[s.key] ?? ''}
            onChange={(e) => setValues((v) => ({ ...v, [s.key]: e.target.value }))}
          />
        </label>
      ))}
      {props.weakProtection && (
        <label className="editor-check warning">
          <input type="checkbox" checked={acceptWeak} onChange={(e) => setAcceptWeak(e.target.checked)} />
          <span>This computer has no keyring: save the sign-in anyway.</span>
        </label>
      )}
      {signIn.error && (
        <p className="editor-error" role="alert">
          {signIn.error.message}
        </p>
      )}
      <div className="editor-actions">
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in and send'}
        </button>
        <button type="button" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** Removing an account asks what to do with changes it has not sent: export them (a JSON file) or discard them. */
function RemoveAccount(props: { account: AccountView; onDone: () => void }) {
  const remove = useContractMutation<'accounts.remove', 'export' | 'discard'>('accounts.remove', {
    input: (unsent) => ({ id: props.account.id, unsent }),
    onSuccess: (result) => {
      if (result.exported) download(`${props.account.label} unsent changes.json`, result.exported)
      props.onDone()
    },
  })
  return (
    <div className="remove-account" role="group" aria-label={`Remove ${props.account.label}`}>
      <p>
        Remove <strong>{props.account.label}</strong> and its projects from this computer? Its projects stay in{' '}
        {VENDORS[props.account.vendor].name}. Changes not sent yet can be kept in a file first.
      </p>
      {remove.error && <p className="editor-error">{remove.error.message}</p>}
      <div className="editor-actions">
        <button type="button" className="primary" onClick={() => remove.mutate('export')} disabled={remove.isPending}>
          Keep unsent changes in a file, then remove
        </button>
        <button type="button" className="danger" onClick={() => remove.mutate('discard')} disabled={remove.isPending}>
          Discard unsent changes and remove
        </button>
        <button type="button" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </div>
  )
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function Appearance() {
  const { preferences: data, change } = usePreferenceControls()
  return (
    <section className="settings-section" aria-label="Appearance">
      <h3>Appearance</h3>
      <div className="segmented" role="radiogroup" aria-label="Theme">
        {(['system', 'light', 'dark'] as const).map((theme) => (
          <label key={theme}>
            <input
              type="radio"
              name="theme"
              value={theme}
              checked={(data?.theme ?? 'system') === theme}
              onChange={() => change({ theme })}
            />
            {theme === 'system' ? 'Follow the computer' : theme === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </div>
    </section>
  )
}
