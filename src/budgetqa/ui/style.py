"""The page's CSS, kept in one place (a Python constant so it ships with the package)."""

FONTS = ("system-ui", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif")
MONO_FONTS = ("ui-monospace", "Menlo", "Consolas", "monospace")

CSS = """
.bqa-header h1 { margin: 0 0 .2em 0; font-size: 1.5em; }
.bqa-header p { margin: 0; color: var(--body-text-color-subdued); }
.bqa-q, .bqa-answer { line-height: 1.7; }
.bqa-not-found { color: var(--body-text-color-subdued); }
.bqa-error { color: #b42318; }
sup.bqa-ref { color: var(--color-accent); font-weight: 600; margin: 0 1px; }
.bqa-sources { display: flex; flex-direction: column; gap: .6em; font-size: .92em; }
.bqa-src-head { margin-bottom: .25em; }
.bqa-src-id { color: var(--color-accent); font-weight: 700; }
.bqa-src-doc { font-weight: 600; }
.bqa-src-loc { color: var(--body-text-color-subdued); }
.bqa-quote { margin: .2em 0 0 0; padding: .3em .8em; border-left: 3px solid var(--color-accent);
             background: var(--background-fill-secondary); white-space: normal; }
.bqa-table-wrap { overflow-x: auto; max-width: 100%; }
table.bqa-row, table.bqa-full { border-collapse: collapse; font-size: .9em; margin: .2em 0; }
table.bqa-row caption, table.bqa-full caption { text-align: left; color: var(--body-text-color-subdued);
             caption-side: top; padding-bottom: .2em; }
table.bqa-row th, table.bqa-row td, table.bqa-full th, table.bqa-full td {
             border: 1px solid var(--border-color-primary); padding: 2px 6px; white-space: nowrap; }
table.bqa-row th[colspan], table.bqa-full th[colspan] { text-align: center; }
table.bqa-row th { white-space: normal; min-width: 4em; max-width: 9em; vertical-align: bottom; }
table.bqa-row th, table.bqa-full th { background: var(--background-fill-secondary); font-weight: 600; }
table.bqa-row td.cited { background: #fff3bf; }
table.bqa-row td.cited mark { background: #ffd43b; color: #000; padding: 0 2px; border-radius: 2px;
             font-weight: 700; }
table.bqa-full tr.unresolved td { background: #fff4e5; }
table.bqa-full tr.total td { font-weight: 600; }
.bqa-flag { color: #b54708; font-size: .85em; }
.bqa-raw-figures { display: flex; flex-wrap: wrap; gap: .3em 1.2em; font-variant-numeric: tabular-nums; }
a.bqa-ref-link { color: inherit; text-decoration: none; cursor: pointer; }
a.bqa-ref-link:hover { text-decoration: underline; }
.bqa-src-flash { outline: 3px solid #ffd43b; outline-offset: 2px; transition: outline-color 1s; }
.bqa-table-meta { font-weight: 600; margin-bottom: .3em; }
.bqa-table-note { color: var(--body-text-color-subdued); margin-bottom: .3em; }
.bqa-table-empty { color: #b54708; margin-bottom: .3em; }
.bqa-defs dt { font-weight: 700; margin-top: .7em; }
.bqa-defs dd { margin: .2em 0 0 1.2em; line-height: 1.7; }
.bqa-def-group { color: var(--body-text-color-subdued); font-weight: normal; }
.bqa-def-src, .bqa-doc-meta, .bqa-count { color: var(--body-text-color-subdued); font-size: .85em;
             font-weight: normal; }
.bqa-docs-title { font-weight: 600; margin-bottom: .3em; }
.bqa-docs ul { margin: 0; padding-left: 1.2em; }
.bqa-examples button { font-size: .9em; }
/* gradio's status line says "processing | 1.2s" / "queue: 2/5 |" in English whatever the language; the spinner
   and the progress text (our own Chinese step names) stay. */
.meta-text, .meta-text-center { display: none !important; }
"""
