// Text inside Markdown tables: one line, no column breaks, no raw HTML.

export function html(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function cell(value: string): string {
  return html(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
