"""The HTML report's stylesheet: inline, no web fonts, no ``@import``, no URL.

Light and dark palettes (``prefers-color-scheme``); on a narrow screen (a
phone, 375 px) each table row stacks into a card with its column names; in
print, the light palette, no scroll box, no row split across pages.  Charts
keep the white background matplotlib draws them on, in both palettes.
"""

from __future__ import annotations

__all__ = ["STATUS_CLASSES", "STYLESHEET"]

# The class of each status (its colour); the status is always written as text too.
STATUS_CLASSES = {
    "early": "early",
    "on time": "on-time",
    "on track": "on-track",
    "forecast late": "forecast-late",
    "late": "late",
    "overdue": "overdue",
    "unscheduled": "unscheduled",
}

_LIGHT = """
  --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; --head: #f6f8fa;
  --link: #0969da; --early: #1a7f37; --on-time: #1a7f37; --on-track: #0b6e79;
  --forecast-late: #8a5a00; --late: #cf222e; --overdue: #a40e26; --unscheduled: #59636e;"""

_DARK = """
  --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --head: #151b23;
  --link: #4493f8; --early: #3fb950; --on-time: #3fb950; --on-track: #39c5cf;
  --forecast-late: #d29922; --late: #f85149; --overdue: #ff7b72; --unscheduled: #9198a1;"""

_STATUS_RULES = "\n".join(f".status-{c} {{ color: var(--{c}); }}" for c in STATUS_CLASSES.values())

STYLESHEET = f"""
:root {{ color-scheme: light dark;{_LIGHT}
}}
@media (prefers-color-scheme: dark) {{
  :root {{{_DARK}
  }}
}}
* {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{
  margin: 0 auto; max-width: 75rem; padding: 1rem 1.25rem 2rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
  color: var(--fg); background: var(--bg); overflow-wrap: break-word;
}}
h1 {{ font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 .25rem; }}
h2 {{ font-size: 1.35rem; line-height: 1.3; margin: 2rem 0 .25rem;
  padding-bottom: .25rem; border-bottom: 1px solid var(--line); }}
h3 {{ font-size: 1.05rem; margin: 1.5rem 0 .5rem; }}
a {{ color: var(--link); }}
time {{ white-space: nowrap; }}
code {{ font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }}
.meta, .note, footer {{ color: var(--muted); }}
.summary {{ font-size: 1.05rem; font-weight: 600; }}
.notes {{ white-space: pre-line; }}
nav ol {{ padding-left: 1.5rem; }}
.table-box {{ overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; }}
th, td {{ padding: .45rem .6rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid var(--line); }}
thead th {{ background: var(--head); white-space: nowrap; }}
tbody tr:last-child td {{ border-bottom: none; }}
.id {{ font-weight: 700; }}
.name {{ display: block; }}
.date {{ white-space: nowrap; }}
.slip {{ display: inline-block; min-width: 7rem; }}
.detail {{ display: block; color: var(--muted); font-size: .8rem; }}
.fn {{ font-size: .8em; text-decoration: none; white-space: nowrap; }}
.status {{ font-weight: 600; white-space: nowrap; }}
.status::before {{ content: "\\25CF\\00A0"; }}
{_STATUS_RULES}
tr.history td {{ color: var(--muted); font-size: .85rem; border-top: 1px dashed var(--line); }}
tr.earlier td {{ border-bottom: none; }}
figure {{ margin: 0 0 1rem; padding: .5rem; background: #ffffff; border: 1px solid var(--line);
  border-radius: 6px; }}
figure svg {{ display: block; width: 100%; height: auto; }}
figcaption {{ color: #59636e; font-size: .8rem; padding: .25rem .25rem 0; }}
.charts {{ display: grid; gap: 1rem;
  grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); }}
.charts figure {{ max-width: 48rem; }}
ol.sources {{ padding-left: 2rem; }}
ol.sources li {{ margin: .3rem 0; overflow-wrap: anywhere; }}
ol.sources li:target {{ background: var(--head); }}
footer {{ margin-top: 2.5rem; padding-top: .5rem; border-top: 1px solid var(--line);
  font-size: .85rem; }}
@media (max-width: 40rem) {{
  body {{ padding: .75rem .75rem 1.5rem; font-size: 15px; }}
  h1 {{ font-size: 1.35rem; }}
  .table-box {{ border: none; overflow: visible; }}
  table, tbody, tr, td {{ display: block; width: 100%; }}
  thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap; }}
  tr {{ border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .6rem;
    padding: .35rem .5rem; }}
  tr.history {{ margin: -.45rem 0 .6rem 1rem; border-style: dashed; }}
  td {{ border: none; padding: .15rem 0; display: grid; grid-template-columns: 7.5rem 1fr;
    gap: .5rem; }}
  td::before {{ content: attr(data-label); color: var(--muted); font-size: .8rem;
    font-weight: 600; }}
  td:empty {{ display: none; }}
  tr.history td {{ border-top: none; }}
  .date {{ white-space: normal; }}
  .slip {{ min-width: 0; }}
}}
@media print {{
  :root {{{_LIGHT}
  }}
  body {{ max-width: none; padding: 0; font-size: 10pt; color: #000; background: #fff; }}
  nav {{ break-after: page; }}
  section.plan + section.plan {{ break-before: page; }}
  .table-box {{ overflow: visible; border: none; }}
  thead {{ display: table-header-group; }}
  tr, figure {{ break-inside: avoid; }}
  h2, h3 {{ break-after: avoid; }}
  .charts {{ display: block; }}
  a {{ color: inherit; }}
}}
"""
