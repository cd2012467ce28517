/** What every renderer returns: a file's full new content, written (or compared) by the caller. */
export interface RenderedFile {
  /** Absolute path of the file. */
  path: string;
  /** The file's complete new text (an SVG document or a Markdown page). */
  content: string;
}
