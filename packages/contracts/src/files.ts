import { z } from 'zod';
import { idSchema } from './common.js';

// Uploaded files (CORE-7: files in the record's timeline). Uploaded one per request as multipart/form-data;
// the bytes are served back by `GET /api/files/{id}/content`.

export const storedFileSchema = z
  .object({
    id: idSchema,
    name: z.string().describe('As uploaded (any language), without a directory part'),
    mime: z
      .string()
      .describe(
        'Sniffed from the content when recognisable, else as declared, else application/octet-stream',
      ),
    size: z.number().int().min(0).describe('Bytes'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    uploadedBy: idSchema.nullable(),
    contentUrl: z
      .string()
      .describe('Where the bytes are: GET it (add `?download=true` to save rather than show)'),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'StoredFile' });
export type StoredFile = z.infer<typeof storedFileSchema>;

/** The multipart/form-data body of an upload: one part named `file`. Documentation only — parsed by the route. */
export const fileUploadBodySchema = z
  .object({
    file: z
      .file()
      .describe(
        'The file, with its name in the part’s filename (UTF-8 names are kept) and its type in the part’s Content-Type',
      ),
  })
  .meta({ id: 'FileUpload' });

export const fileContentQuerySchema = z.object({
  download: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: `Content-Disposition: attachment` even for types a browser could show'),
});
