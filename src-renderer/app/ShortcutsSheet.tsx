import { COMMANDS, PLAIN_KEYS, WORKSPACE_KEYS } from '../../src-shared/commands'
import { Dialog } from '../ui/Dialog'

const mac = /Mac/i.test(navigator.platform)
const withModifier = (key: string) => `${mac ? '⌘' : 'Ctrl+'}${key}`

/** Every key the app answers to, from the same table the menu and the window use. */
export function ShortcutsSheet({ onClose }: { onClose: () => void }) {
  const plain = Object.entries(PLAIN_KEYS)
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcut-table">
        <tbody>
          {COMMANDS.filter((c) => c.key !== null).map((c) => (
            <tr key={c.command}>
              <td>
                <kbd>{withModifier(c.key!)}</kbd>
                {plain
                  .filter(([, command]) => command === c.command)
                  .map(([key]) => (
                    <span key={key}>
                      {' '}
                      or <kbd>{key}</kbd>
                    </span>
                  ))}
              </td>
              <td>{c.label}</td>
            </tr>
          ))}
          {WORKSPACE_KEYS.map((k) => (
            <tr key={k.keys}>
              <td>
                <kbd>{k.keys}</kbd>
              </td>
              <td>{k.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  )
}
