// A project's files: listed, added a piece at a time, renamed, tagged, read, opened, fetched.
import { z } from 'zod'
import { ATTACHMENT_CHUNK_BYTES } from './constants'
import { cleanText, Id, IsoDateTime, type Methods, WritePiece } from './common'

export const Attachment = z.object({
  id: Id,
  projectId: Id,
  title: z.string(),
  tags: z.array(z.string()),
  size: z.number().int().nonnegative(),
  mime: z.string(),
  /**
   * local: kept on this computer (the vendor takes no files); waiting: queued for the vendor;
   * uploading: on its way (progress); uploaded: the vendor has it; remote: the vendor's, not downloaded;
   * failed: the vendor refused it (error says why).
   */
  state: z.enum(['local', 'waiting', 'uploading', 'uploaded', 'remote', 'failed']),
  /** 0–1 while uploading. */
  progress: z.number().min(0).max(1).nullable(),
  error: z.string().nullable(),
  /** Its bytes are on this computer (a vendor's file is only once downloaded). */
  local: z.boolean(),
  createdAt: IsoDateTime,
})
export type Attachment = z.infer<typeof Attachment>

const FileTitle = cleanText(z.string().trim().min(1, 'A file needs a name').max(200)).refine(
  (t) => !/[\\/]/.test(t),
  'A file name cannot contain slashes',
)

export const fileMethods = {
  /** A project's files, and what its vendor lets us do with them. */
  'attachments.list': {
    input: z.object({ projectId: Id }).strict(),
    output: z.object({
      items: z.array(Attachment),
      /** False: the vendor takes no files; they stay on this computer. */
      uploads: z.boolean(),
      /** The vendor's file tags, when it has them. */
      tagOptions: z.array(z.string()),
    }),
  },
  /** Starts adding a file: its bytes follow in `attachments.write` pieces, then `attachments.finish`. */
  'attachments.begin': {
    input: z
      .object({
        projectId: Id,
        title: FileTitle,
        size: z.number().int().min(1, 'This file is empty (0 bytes): there is nothing in it to attach.'),
        mime: z.string().max(200).default('application/octet-stream'),
      })
      .strict(),
    output: z.object({ uploadId: Id }),
  },
  'attachments.write': WritePiece,
  /** Stores the file and queues its upload, in one step. */
  'attachments.finish': { input: z.object({ uploadId: Id }).strict(), output: Attachment },
  'attachments.cancel': { input: z.object({ uploadId: Id }).strict(), output: z.object({ ok: z.literal(true) }) },
  'attachments.rename': {
    input: z.object({ id: Id, title: FileTitle }).strict(),
    output: Attachment,
  },
  'attachments.tag': {
    input: z.object({ id: Id, tags: z.array(cleanText(z.string().trim().min(1).max(100))).max(20) }).strict(),
    output: Attachment,
  },
  /** Removes a file here and queues its removal at the vendor. */
  'attachments.remove': { input: z.object({ id: Id }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** A piece of a file's bytes (previews, thumbnails, saving a copy), from this computer's store. */
  'attachments.read': {
    input: z
      .object({
        id: Id,
        offset: z.number().int().min(0).default(0),
        length: z.number().int().min(1).max(ATTACHMENT_CHUNK_BYTES),
      })
      .strict(),
    output: z.object({ base64: z.string(), size: z.number().int().nonnegative() }),
  },
  /** Opens a file with the computer's own viewer (a PDF…); `opened: false` where there is none to call (the browser host). */
  'attachments.open': {
    input: z.object({ id: Id }).strict(),
    output: z.object({ opened: z.boolean() }),
  },
  /** Downloads a vendor's file onto this computer (a fresh link asked for if the old one expired). */
  'attachments.fetch': { input: z.object({ id: Id }).strict(), output: Attachment },
} as const satisfies Methods
