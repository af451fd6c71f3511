import { useId, useState } from 'react'
import type { AccountView, Vendor } from '../../../src-shared/contract'
import { useContractMutation } from '../../api/contract-hooks'
import { VENDORS } from '../projects/vendors'
import { DEFAULT_SETTINGS, type FormState, isShown, toDraft, VENDOR_FORMS } from './account-fields'

/** Add or change one account: its settings, and secrets that go in and never come back (shown as "saved"). */
export function AccountForm(props: {
  vendor: Vendor
  account?: AccountView
  defaultBaseUrl: string
  /** No OS keyring here: saving secrets needs the technician's agreement. */
  weakProtection: boolean
  onDone: (saved: AccountView | null) => void
}) {
  const id = useId()
  const { account, vendor } = props
  const [form, setForm] = useState<FormState>(() => ({
    vendor,
    label: account?.label ?? `${VENDORS[vendor].name}`,
    baseUrl: account?.baseUrl ?? props.defaultBaseUrl,
    settings: { ...DEFAULT_SETTINGS[vendor], ...account?.settings },
    secrets: {},
  }))
  const [acceptWeak, setAcceptWeak] = useState(false)
  const spec = VENDOR_FORMS[vendor]
  const test = useContractMutation<'accounts.test', void>('accounts.test', {
    input: () => ({ id: account?.id, account: toDraft(form) }),
  })
  const save = useContractMutation<'accounts.save', void>('accounts.save', {
    input: () => ({ id: account?.id, account: toDraft(form), acceptWeakProtection: acceptWeak }),
    onSuccess: (saved) => props.onDone(saved),
  })
  const setSetting = (key: string, value: string | number | boolean) =>
    setForm((f) => ({ ...f, settings: { ...f.settings, [key]: value } }))
  const saved = new Set(account?.savedSecrets ?? [])
  const savingSecrets = Object.values(form.secrets).some(Boolean)

  return (
    <form
      className="editor account-form"
      aria-label={account ? `Edit ${account.label}` : `Add a ${VENDORS[vendor].name} account`}
      onSubmit={(event) => {
        event.preventDefault()
        save.mutate()
      }}
    >
      <h3>{account ? account.label : `New ${VENDORS[vendor].name} account`}</h3>
      <p className="muted">{spec.help}</p>
      <label className="editor-field" htmlFor={`${id}-label`}>
        <span>Name</span>
        <input
          id={`${id}-label`}
          value={form.label}
          onChange={(e) => setForm((f) => ({ ...f, label: e.target.value }))}
        />
      </label>
      <label className="editor-field" htmlFor={`${id}-url`}>
        <span>Address</span>
        <input
          id={`${id}-url`}
          className="mono"
          value={form.baseUrl}
          spellCheck={false}
          onChange={(e) => setForm((f) => ({ ...f, baseUrl: e.target.value }))}
        />
      </label>
      {spec.settings
        .filter((field) => isShown(field.when, form.settings))
        .map((field) =>
          field.kind === 'checkbox' ? (
            <label key={field.key} className="editor-check">
              <input
                type="checkbox"
                checked={Boolean(form.settings[field.key])}
                onChange={(e) => setSetting(field.key, e.target.checked)}
              />
              <span>{field.label}</span>
            </label>
          ) : (
            <label key={field.key} className="editor-field" htmlFor={`${id}-${field.key}`}>
              <span>{field.label}</span>
              {field.kind === 'select' ? (
                <select
                  id={`${id}-${field.key}`}
                  value={String(form.settings[field.key] ?? '')}
                  onChange={(e) => setSetting(field.key, e.target.value)}
                >
                  {field.options?.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`${id}-${field.key}`}
                  type={field.kind === 'number' ? 'number' : field.kind === 'email' ? 'email' : 'text'}
                  value={String(form.settings[field.key] ?? '')}
                  onChange={(e) => setSetting(field.key, e.target.value)}
                />
              )}
              {field.hint && <small className="muted">{field.hint}</small>}
            </label>
          ),
        )}
      {spec.secrets
        .filter((secret) => isShown(secret.when, form.settings))
        .map((secret) => (
          <label key={secret.key} className="editor-field" htmlFor={`${id}-${secret.key}`}>
            <span>{secret.label}</span>
            <input
              id={`${id}-${secret.key}`}
              type="password"
              autoComplete="off"
              placeholder={saved.has(secret.key) ? 'Saved — leave empty to keep it' : ''}
              value={form.secrets[secret.key] ?? ''}
              onChange={(e) => setForm((f) => ({ ...f, secrets: { ...f.secrets, [secret.key]: e.target.value } }))}
            />
          </label>
        ))}
      {props.weakProtection && savingSecrets && (
        <label className="editor-check warning">
          <input type="checkbox" checked={acceptWeak} onChange={(e) => setAcceptWeak(e.target.checked)} />
          <span>This computer has no keyring: anyone with its files could read saved sign-ins. Save them anyway.</span>
        </label>
      )}
      {test.data && (
        <p className={test.data.ok ? 'test-ok' : 'editor-error'} role="status">
          {test.data.ok ? '✓ ' : ''}
          {test.data.message}
        </p>
      )}
      {(test.error ?? save.error) && (
        <p className="editor-error" role="alert">
          {(save.error ?? test.error)!.message}
        </p>
      )}
      <div className="editor-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save account'}
        </button>
        <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" onClick={() => props.onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  )
}
