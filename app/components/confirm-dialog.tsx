import { Form } from 'react-router'
import type { ReactNode } from 'react'
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components'

type ConfirmDialogProps = {
  trigger: ReactNode
  title: string
  children: ReactNode
  confirmLabel: string
  /** Hidden fields posted with the confirmation (e.g. the intent). */
  fields: Record<string, string>
  danger?: boolean
  /** Where the confirmation posts (the current page when absent). */
  action?: string
}

/** Asks before a consequential action; the action itself is a plain form POST. */
export function ConfirmDialog({ trigger, title, children, confirmLabel, fields, danger, action }: ConfirmDialogProps) {
  return (
    <DialogTrigger>
      <Button className={danger ? 'btn-danger' : 'btn-secondary'}>{trigger}</Button>
      <ModalOverlay isDismissable className="fixed inset-0 z-50 flex items-center justify-center bg-ink/40 p-4">
        <Modal className="w-full max-w-md rounded-lg bg-surface p-6 shadow-xl">
          <Dialog role="alertdialog" className="outline-none">
            {({ close }) => (
              <>
                <Heading slot="title" className="text-lg font-semibold">
                  {title}
                </Heading>
                <div className="mt-2 text-sm text-muted">{children}</div>
                <Form method="post" action={action} className="mt-6 flex justify-end gap-3" onSubmit={() => close()}>
                  {Object.entries(fields).map(([name, value]) => (
                    <input key={name} type="hidden" name={name} value={value} />
                  ))}
                  <Button onPress={close} className="btn-secondary">
                    Cancel
                  </Button>
                  <button type="submit" className={danger ? 'btn-danger' : 'btn-primary'} autoFocus>
                    {confirmLabel}
                  </button>
                </Form>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  )
}
