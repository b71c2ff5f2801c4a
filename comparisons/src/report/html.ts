/**
 * report/index.html: one self-contained page (CSS and script inline, charts as data: URLs,
 * system fonts; nothing fetched, so it opens from file://).
 * Contract: every task × model panel is an `<article class="panel" data-task data-model
 * data-file data-start data-end>` whose `<code>` text is exactly those lines of the file;
 * the rest of each task file is shown too (`data-task="rest:<file>"`), so nothing of a
 * task file is hidden; every element of one model carries `data-model`, and the picker
 * (2 to all models) shows or hides them and resizes the columns, which stay aligned by
 * function because each function is its own row. A demo's section also shows its run in
 * every model as a timeline (`figure.timeline`, inline SVG from timeline.ts).
 * Lineage: Rosetta Code's task pages; js-framework-benchmark's coloured results table.
 * Read markdown.ts next.
 */
import { ratioColour } from './bench.js';
import { findingSentences, METRICS, type ReportData } from './data.js';
import { DIFFER_COLUMNS } from './differ.js';
import type { CodeHighlighter } from './highlight.js';

export interface Chart {
  id: string;
  title: string;
  svg: string;
}

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const fmtRatio = (r: number | null): string => (r === null ? '–' : `${r.toFixed(2)}×`);

/** A link from report/ to `file` lines start–end (relative, so it works on a code host too). */
const link = (file: string, start: number, end: number): string =>
  `<a href="../${esc(file)}#L${start}-L${end}">${esc(file)}:${start}–${end}</a>`;

const CSS = `
:root { --cols: 5; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; }
body { margin: 0; background: #fafafa; }
header, main, footer { padding: 0 24px; }
header { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #ddd; z-index: 2; padding-bottom: 8px; }
h1 { font-size: 22px; margin: 12px 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 2px solid #2563eb; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
small, .muted { color: #555; font-weight: normal; }
#picker { border: 0; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 14px; align-items: center; }
#picker legend { float: left; margin-right: 8px; font-weight: 600; }
#picker-note { color: #b91c1c; font-size: 13px; }
nav a { margin-right: 12px; font-size: 14px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; background: #fff; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.best { font-weight: 700; background: #dcfce7; }
.columns { display: grid; grid-template-columns: repeat(var(--cols), minmax(0, 1fr)); gap: 10px; align-items: start; }
.panel { background: #fff; border: 1px solid #ddd; border-radius: 6px; min-width: 0; }
.panel h4 { margin: 0; padding: 6px 8px; font-size: 13px; border-bottom: 1px solid #eee; display: flex; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
.panel h4 a { font-weight: normal; font-size: 12px; }
.panel pre { margin: 0; padding: 6px 0; overflow-x: auto; font-size: 12px; line-height: 1.45; }
.panel pre + pre { border-top: 1px dashed #ccc; }
pre code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre code .line { counter-increment: line; }
pre code .line::before { content: counter(line); display: inline-block; width: 3.2em; padding-right: 0.8em; text-align: right; color: #9ca3af; user-select: none; }
pre.stack { white-space: pre-wrap; word-break: break-all; font-size: 11.5px; padding: 6px 8px; }
.frame-task { background: #dcfce7; } .frame-model { background: #fee2e2; } .frame-node { color: #6b7280; } .frame-caller { background: #e0e7ff; }
details.helpers { margin: 6px 0 0; font-size: 13px; }
details.helpers ul { margin: 4px 0; padding-left: 18px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 12px; }
.timelines { margin-top: 10px; }
figure.timeline { margin: 0; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 4px; min-width: 0; }
figure.timeline svg { display: block; width: 100%; height: auto; }
figure.timeline figcaption { font-size: 12px; color: #555; padding: 2px 4px; }
.charts img { max-width: 100%; background: #fff; border: 1px solid #ddd; }
.findings li { margin: 2px 0; }
[hidden] { display: none !important; }
`;

const SCRIPT = `
(() => {
  const boxes = [...document.querySelectorAll('#picker input[data-pick]')];
  const note = document.getElementById('picker-note');
  const apply = () => {
    const shown = new Set(boxes.filter((b) => b.checked).map((b) => b.dataset.pick));
    for (const el of document.querySelectorAll('[data-model]')) el.hidden = !shown.has(el.dataset.model);
    document.documentElement.style.setProperty('--cols', String(shown.size));
  };
  for (const box of boxes) {
    box.addEventListener('change', () => {
      if (boxes.filter((b) => b.checked).length < 2) {
        box.checked = true;
        note.textContent = 'Show at least two models.';
      } else note.textContent = '';
      apply();
    });
  }
  apply();
})();
`;

function metricsTable(d: ReportData, task: string): string {
  const names = d.models.map((m) => m.name).filter((n) => d.metrics[task]?.[n]);
  const head = `<tr><th>metric</th>${names.map((n) => `<th data-model="${esc(n)}">${esc(n)}</th>`).join('')}</tr>`;
  const rows = METRICS.map(({ key, title, what }) => {
    const values = names.map((n) => d.metrics[task]![n]![key]);
    const best = Math.min(...values);
    const cells = names
      .map(
        (n, i) =>
          `<td class="num${values[i] === best ? ' best' : ''}" data-model="${esc(n)}">${values[i]}</td>`,
      )
      .join('');
    return `<tr><th title="${esc(what)}">${esc(title)}</th>${cells}</tr>`;
  });
  return `<table class="metrics" data-task="${esc(task)}"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function helpersList(d: ReportData, task: string): string {
  const items = d.models
    .map((m) => m.name)
    .filter((n) => d.metrics[task]?.[n])
    .map((n) => {
      const m = d.metrics[task]![n]!;
      const local = m.local.length
        ? `<li>measured with the task: ${m.local.map((h) => `<code>${esc(h.name)}</code>`).join(', ')}</li>`
        : '';
      const list =
        local +
        m.helpers
          .map(
            (h) =>
              `<li><code>${esc(h.name)}</code> <span class="muted">${esc(h.where)} (${h.lines})</span></li>`,
          )
          .join('');
      return `<details class="helpers" data-model="${esc(n)}"><summary>${esc(n)}: ${m.alsoRead} lines also read, in ${m.helpers.length} declarations</summary><ul>${list}</ul></details>`;
    });
  return items.join('');
}

/**
 * A demo's timelines, one per model, in the code's columns: `<figure class="timeline"
 * data-demo data-model data-events>` holding the run's inline SVG (it has no ids, so many
 * can share the page). Empty for a task that is not a demo.
 */
function timelinesRow(d: ReportData, task: string): string {
  const runs = d.models
    .map((m) => d.timelines.find((t) => t.demo === task && t.model === m.name))
    .filter((t) => t !== undefined);
  if (runs.length === 0) return '';
  const figures = runs.map(
    (t) =>
      `<figure class="timeline" data-demo="${esc(t.demo)}" data-model="${esc(t.model)}" data-events="${t.events.length}">${t.svg.trim()}<figcaption>${
        t.error
          ? `<b>failed</b>: ${esc(t.error)}`
          : `${t.events.length} events, logged while this page was generated`
      }</figcaption></figure>`,
  );
  const step = runs[0]!.options.stepMs;
  return `<h3>${esc(task)}, run in every model <small>one lane per coroutine or thread; ■ a widget made, ◆ a line of main's, ● main's poll; ${step} ms a step</small></h3>
<div class="columns timelines">${figures.join('\n')}</div>`;
}

function taskSection(d: ReportData, hl: CodeHighlighter, task: string, file: string): string {
  const panels = d.models.map((m) => {
    const e = d.sources.exhibits[task]?.[m.name];
    if (!e)
      return `<article class="panel missing" data-model="${esc(m.name)}"><h4>${esc(m.name)}</h4><p class="muted">&nbsp;not exported</p></article>`;
    return `<article class="panel" data-task="${esc(task)}" data-model="${esc(m.name)}" data-file="${esc(e.file)}" data-start="${e.lines.start}" data-end="${e.lines.end}"><h4><span>${esc(m.name)}</span>${link(e.file, e.lines.start, e.lines.end)}</h4>${hl.html(e.code, e.lines.start)}</article>`;
  });
  return `<section class="task" id="task-${esc(task)}"><h2>${esc(task)} <small>${esc(file)}</small></h2>
${metricsTable(d, task)}
<div class="columns">${panels.join('\n')}</div>
${timelinesRow(d, task)}
${helpersList(d, task)}</section>`;
}

function restSection(d: ReportData, hl: CodeHighlighter, file: string): string {
  const panels = d.models.map((m) => {
    const r = d.sources.rests[file]?.[m.name];
    if (!r)
      return `<article class="panel missing" data-model="${esc(m.name)}"><h4>${esc(m.name)}</h4></article>`;
    const blocks = r.blocks
      .map(
        (b) =>
          `<div class="block" data-start="${b.start}" data-end="${b.end}">${hl.html(b.code, b.start)}</div>`,
      )
      .join('');
    return `<article class="panel" data-task="rest:${esc(file)}" data-model="${esc(m.name)}" data-file="${esc(r.file)}"><h4><span>${esc(m.name)}</span><a href="../${esc(r.file)}">${esc(r.file)}</a></h4>${blocks}</article>`;
  });
  return `<section class="rest" id="rest-${esc(file)}"><h3>The rest of ${esc(file)}: header, imports, helpers</h3><div class="columns">${panels.join('\n')}</div></section>`;
}

function summaryTable(d: ReportData): string {
  const head = `<tr><th>metric, all tasks</th>${d.totals.map((t) => `<th data-model="${esc(t.model)}">${esc(t.model)}</th>`).join('')}</tr>`;
  const rows = METRICS.map(({ key, title, what }) => {
    const values = d.totals.map((t) => t[key]);
    const best = Math.min(...values);
    return `<tr><th title="${esc(what)}">${esc(title)}${key === 'alsoRead' ? ' (distinct)' : ''}</th>${d.totals
      .map(
        (t, i) =>
          `<td class="num${values[i] === best ? ' best' : ''}" data-model="${esc(t.model)}">${values[i]}</td>`,
      )
      .join('')}</tr>`;
  });
  return `<table id="summary-table">${head}${rows.join('')}</table>`;
}

function stackHtml(t: ReportData['traces'][number]): string {
  const lines = t.stack.split('\n').map((line) => {
    const frame = t.frames.find((f) => f.text === line.trim());
    return frame ? `<span class="frame-${frame.kind}">${esc(line)}</span>` : esc(line);
  });
  return `<pre class="stack">${lines.join('\n')}</pre>`;
}

function debugSection(d: ReportData): string {
  const scenarios = [...new Set(d.traces.map((t) => t.scenario))];
  const count = (t: ReportData['traces'][number], k: string) =>
    t.frames.filter((f) => f.kind === k).length;
  const rows = d.traces
    .map(
      (t) =>
        `<tr data-model="${esc(t.model)}"><td>${esc(t.model)}</td><td>${esc(t.scenario)}</td><td><code>${esc(t.code)}</code></td><td>${
          t.taskLine ? `yes: <code>${esc(t.taskLine)}</code>` : 'no'
        }</td><td class="num">${t.frames.length}</td><td class="num">${count(t, 'task')}</td><td class="num">${count(t, 'model')}</td><td class="num">${count(t, 'node')}</td><td class="num">${count(t, 'caller')}</td></tr>`,
    )
    .join('');
  const stacks = scenarios
    .map(
      (s) =>
        `<h3>${esc(s)}: the stack the caller gets</h3><div class="columns">${d.traces
          .filter((t) => t.scenario === s)
          .map(
            (t) =>
              `<article class="panel trace" data-model="${esc(t.model)}"><h4><span>${esc(t.model)}</span><code>${esc(t.code)}</code></h4>${stackHtml(t)}</article>`,
          )
          .join('')}</div>`,
    )
    .join('');
  return `<section id="debuggability"><h2>Debuggability: a failure at the socket</h2>
<p>Each model's <code>fetchPage</code> is called as a user calls it while the HTTP fixture resets the connection mid-body, or while nothing listens (a refused connect). The table counts the frames of the stack trace the caller receives (Node's default limit of 10 frames, source-mapped to the TypeScript files): frames in the model's task file (the user's code, <span class="frame-task">green</span>), in the model's machinery (<span class="frame-model">red</span>), in Node's runtime (grey), and in the caller (<span class="frame-caller">blue</span>).</p>
<table id="debug-table"><tr><th>model</th><th>failure</th><th>code</th><th>names the task file's line</th><th>frames</th><th>task file</th><th>machinery</th><th>Node</th><th>caller</th></tr>${rows}</table>
${stacks}</section>`;
}

function differSection(d: ReportData): string {
  const head = `<tr><th>model</th>${DIFFER_COLUMNS.map(([, title]) => `<th>${esc(title)}</th>`).join('')}</tr>`;
  const rows = d.differ
    .map(
      (r) =>
        `<tr data-model="${esc(r.model)}"><th>${esc(r.model)}</th>${DIFFER_COLUMNS.map(([k]) => `<td>${esc(r.cells[k] ?? '')}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<section id="differ"><h2>How the models differ</h2><p class="muted">From each adapter's <code>facts</code> (comparisons/src/models) and the benchmark run${
    d.bench ? ` <code>${esc(d.bench.file)}</code>` : ''
  }.</p><table id="differ-table">${head}${rows}</table></section>`;
}

function benchSection(d: ReportData, charts: Chart[]): string {
  if (!d.bench)
    return '<section id="bench"><h2>The benchmarks</h2><p>No benchmark run is recorded: <code>pnpm bench</code>.</p></section>';
  const m = d.bench.report.meta;
  const names = d.models.map((x) => x.name);
  const head = `<tr><th>suite</th><th>against</th>${names.map((n) => `<th data-model="${esc(n)}">${esc(n)}</th>`).join('')}</tr>`;
  const rows = d.ratios
    .map((r) => {
      const against = Object.values(r.cells)[0]?.against ?? 'limit';
      return `<tr><th>${esc(r.title)} <small>${esc(r.suite)}</small></th><td>${against === 'limit' ? 'the limit' : 'async/await'}</td>${names
        .map((n) => {
          const c = r.cells[n];
          const text = c?.failed ? 'failed' : fmtRatio(c?.ratio ?? null);
          return `<td class="num" data-model="${esc(n)}" style="background:${ratioColour(c?.ratio ?? null)}">${text}</td>`;
        })
        .join('')}</tr>`;
    })
    .join('');
  const geo = `<tr><th>geometric mean</th><td></td>${names
    .map(
      (n) =>
        `<td class="num" data-model="${esc(n)}" style="background:${ratioColour(d.geomeans[n] ?? null)}"><b>${fmtRatio(d.geomeans[n] ?? null)}</b></td>`,
    )
    .join('')}</tr>`;
  const imgs = charts
    .map(
      (c) =>
        `<img alt="${esc(c.title)}" src="data:image/svg+xml;base64,${Buffer.from(c.svg).toString('base64')}">`,
    )
    .join('\n');
  return `<section id="bench"><h2>The benchmarks</h2>
<p>From <code>${esc(d.bench.file)}</code>: commit <code>${esc(m.commit)}</code>, ${esc(m.date.slice(0, 10))}, Node ${esc(m.node)}, ${esc(m.cpu)}, ${m.cores} cores. ${esc(d.staleness)}</p>
<p class="muted">Each cell is the model's cost as a multiple of the limit's (plain callbacks, raw node:net or http.request; 1× is the floor), median over the runs; where the limit has no figure, of native async/await's. Green is near 1×, red is 8× and beyond. The last row is each model's geometric mean over the suites.</p>
<table id="ratio-table">${head}${rows}${geo}</table>
<div class="charts">${imgs}</div></section>`;
}

/** The whole page. */
export function renderHtml(d: ReportData, hl: CodeHighlighter, charts: Chart[]): string {
  const picker = d.models
    .map(
      (m) =>
        `<label><input type="checkbox" data-pick="${esc(m.name)}" checked> ${esc(m.name)}</label>`,
    )
    .join('');
  const nav = [
    ...d.sources.groups.flatMap((g) =>
      g.tasks.map((t) => `<a href="#task-${esc(t)}">${esc(t)}</a>`),
    ),
    '<a href="#debuggability">debuggability</a>',
    '<a href="#differ">how they differ</a>',
    '<a href="#bench">benchmarks</a>',
  ].join('');
  const tasks = d.sources.groups
    .map(
      (g) =>
        g.tasks.map((t) => taskSection(d, hl, t, g.file)).join('\n') + restSection(d, hl, g.file),
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="rosetta-inputs" content="${d.hash}">
<title>async-rosetta: the models side by side</title>
<style>${CSS}</style></head>
<body>
<header><h1>async-rosetta: the models side by side, measured</h1>
<fieldset id="picker"><legend>Models shown</legend>${picker}<span id="picker-note" role="status"></span></fieldset>
<nav>${nav}</nav></header>
<main>
<section id="summary"><h2>What the code costs a reader</h2>
<ul class="findings">${findingSentences(d)
    .map((s) => `<li>${esc(s)}</li>`)
    .join('')}</ul>
${summaryTable(d)}
<p class="muted">Computed with the TypeScript compiler API from the task files below (comparisons/src/report/metrics.ts). Code lines and tokens leave comments out; gzip bytes are the Benchmarks Game's measure; suspension points count <code>await</code>, <code>yield</code> and the calls that register a continuation; lines also read are the helpers and engine code each task reaches inside its model's packages, followed through imports.</p></section>
${tasks}
${debugSection(d)}
${differSection(d)}
${benchSection(d, charts)}
</main>
<footer><p class="muted">Generated by <code>pnpm rosetta report</code> from inputs with SHA-256 <code>${d.hash}</code>; a test fails when the sources no longer match.</p></footer>
<script>${SCRIPT}</script>
</body></html>
`;
}
