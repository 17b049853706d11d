// The Lineage report: one page, its data inlined as JSON (docs/report.md). Charts are uPlot's; the lineage
// graph is laid out by dagre and drawn as SVG. Served by `lineage ui`, it also promotes model versions.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('lineage-data').textContent);
  var ui = data.ui || null;
  var runs = data.runs;
  var byId = new Map(runs.map(function (r) { return [r.id, r]; }));
  var main = document.getElementById('main');
  document.getElementById('store').textContent = data.store + ' \u00b7 ' + data.generatedAt;
  var PALETTE = ['#2f6fde', '#d92d20', '#17804d', '#b54708', '#6938ef', '#0e9384', '#c11574', '#475467'];

  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { e.textContent = attrs[k]; }
        else if (k === 'on') { Object.keys(attrs.on).forEach(function (ev) { e.addEventListener(ev, attrs.on[ev]); }); }
        else if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  function link(href, text) { return el('a', { href: href, text: text }); }
  function short(digest) { return digest ? digest.substring(0, 19) : ''; }
  function ago(iso) {
    if (!iso) { return ''; }
    var s = (Date.parse(data.generatedAt) - Date.parse(iso)) / 1000;
    if (s < 90) { return Math.round(s) + 's ago'; }
    if (s < 5400) { return Math.round(s / 60) + 'm ago'; }
    if (s < 129600) { return Math.round(s / 3600) + 'h ago'; }
    return Math.round(s / 86400) + 'd ago';
  }
  function duration(r) {
    if (!r.endedAt) { return ''; }
    var ms = Date.parse(r.endedAt) - Date.parse(r.startedAt);
    return ms < 1000 ? ms + ' ms' : ms < 120000 ? (ms / 1000).toFixed(1) + ' s' : (ms / 60000).toFixed(1) + ' min';
  }
  function fmt(v) {
    if (v === null || v === undefined) { return ''; }
    if (typeof v === 'number') { return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : String(+v.toFixed(5)); }
    return String(v);
  }
  function paramsText(r) {
    return Object.keys(r.params || {}).sort().map(function (k) { return k + '=' + r.params[k]; }).join(' ');
  }
  // The sampler's lineage.sys.* series are charted on the run page; in a table they would crowd out the run's own.
  function metricsText(r) {
    return Object.keys(r.finalMetrics || {}).filter(function (k) { return k.indexOf('lineage.sys.') !== 0; }).sort()
      .map(function (k) { return k + '=' + fmt(r.finalMetrics[k]); }).join(' ');
  }
  function kv(pairs) {
    var dl = el('dl', { 'class': 'kv' });
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === '') { return; }
      dl.appendChild(el('dt', { text: p[0] }));
      dl.appendChild(el('dd', null, p[1]));
    });
    return dl;
  }
  function table(headers, rows, opts) {
    opts = opts || {};
    var t = el('table', { 'class': opts.cls || null });
    var head = el('tr');
    var state = { col: opts.sortCol === undefined ? -1 : opts.sortCol, dir: opts.sortDir || 1 };
    var body = el('tbody');
    function render() {
      var sorted = rows.slice();
      if (state.col >= 0) {
        sorted.sort(function (a, b) {
          var x = a.sort[state.col], y = b.sort[state.col];
          if (x === y) { return 0; }
          if (x === null || x === undefined || x === '') { return 1; }
          if (y === null || y === undefined || y === '') { return -1; }
          return (x < y ? -1 : 1) * state.dir;
        });
      }
      body.textContent = '';
      sorted.forEach(function (r) { body.appendChild(r.tr); });
      Array.prototype.forEach.call(head.children, function (th, i) {
        th.className = i === state.col ? (state.dir > 0 ? 'sorted-asc' : 'sorted-desc') : '';
      });
    }
    headers.forEach(function (h, i) {
      head.appendChild(el('th', { text: h, on: { click: function () {
        state.dir = state.col === i ? -state.dir : 1;
        state.col = i;
        render();
      } } }));
    });
    t.appendChild(el('thead', null, head));
    t.appendChild(body);
    render();
    t.refresh = render;
    return t;
  }

  // ---------------------------------------------------------------- runs
  function runsView() {
    var selected = new Set();
    var compare = el('button', { disabled: 'disabled', on: { click: function () {
      location.hash = '#/compare/' + Array.from(selected).join(',');
    } } }, 'Compare selected');
    var filter = el('input', { type: 'search', placeholder: 'Filter: name, status, user, param or metric', id: 'run-filter' });
    var rows = runs.map(function (r) {
      var params = paramsText(r);
      var metrics = metricsText(r);
      var box = el('input', { type: 'checkbox', on: { change: function (e) {
        if (e.target.checked) { selected.add(r.id); } else { selected.delete(r.id); }
        compare.disabled = selected.size < 1;
      } } });
      var tr = el('tr', { 'class': 'run-row', 'data-run': r.id },
        el('td', null, box), el('td', { 'class': 'mono' }, link('#/run/' + r.id, r.id)), el('td', { text: r.name }),
        el('td', { 'class': r.status, text: r.status }), el('td', { title: r.startedAt, text: ago(r.startedAt) }),
        el('td', { 'class': 'num', text: duration(r) }), el('td', { text: r.user }),
        el('td', { 'class': 'mono wrap', text: params }), el('td', { 'class': 'mono wrap', text: metrics }));
      var ms = r.endedAt ? Date.parse(r.endedAt) - Date.parse(r.startedAt) : null;
      return { tr: tr, text: (r.id + ' ' + r.name + ' ' + r.status + ' ' + r.user + ' ' + params + ' ' + metrics).toLowerCase(),
        sort: [null, r.id, r.name, r.status, r.startedAt, ms, r.user, params, metrics] };
    });
    var t = table(['', 'Run', 'Name', 'Status', 'Started', 'Duration', 'User', 'Params', 'Final metrics'], rows,
      { sortCol: 4, sortDir: -1, cls: 'runs' });
    filter.addEventListener('input', function () {
      var q = filter.value.toLowerCase().trim();
      rows.forEach(function (r) { r.tr.style.display = !q || r.text.indexOf(q) >= 0 ? '' : 'none'; });
    });
    main.appendChild(el('h2', { text: runs.length + ' runs' }));
    main.appendChild(el('div', { 'class': 'toolbar' }, filter, compare));
    main.appendChild(t);
    if (data.problems && data.problems.length) {
      main.appendChild(el('div', { 'class': 'notice', text: data.problems.length + ' damaged object(s) left out: ' + data.problems[0] }));
    }
  }

  // ---------------------------------------------------------------- charts
  function chart(key, lines) {
    // lines: [{label, steps, values}]; one x axis, the union of every line's steps
    var xs = Array.from(new Set([].concat.apply([], lines.map(function (l) { return l.steps; })))).sort(function (a, b) { return a - b; });
    var index = new Map(xs.map(function (x, i) { return [x, i]; }));
    var columns = [xs];
    lines.forEach(function (l) {
      var ys = new Array(xs.length).fill(null);
      l.steps.forEach(function (s, i) { ys[index.get(s)] = l.values[i]; });
      columns.push(ys);
    });
    var box = el('div', { 'class': 'card chart', 'data-key': key }, el('h3', { text: key }));
    var opts = {
      width: 440, height: 220,
      scales: { x: { time: false } },
      series: [{ label: 'step' }].concat(lines.map(function (l, i) {
        return { label: l.label, stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: true, points: { show: xs.length < 60 } };
      })),
      cursor: { drag: { x: true, y: false } }
    };
    /* global uPlot */
    new uPlot(opts, columns, box);
    return box;
  }
  function chartsOf(ids) {
    var keys = new Set();
    ids.forEach(function (id) { Object.keys((data.series[id] || {})).forEach(function (k) { if (k !== 'error') { keys.add(k); } }); });
    var grid = el('div', { 'class': 'grid' });
    Array.from(keys).sort().forEach(function (k) {
      var lines = ids.filter(function (id) { return data.series[id] && data.series[id][k]; }).map(function (id) {
        var s = data.series[id][k];
        var r = byId.get(id);
        return { label: (r ? r.name + ' ' : '') + id.substring(0, 10), steps: s[0], values: s[1] };
      });
      grid.appendChild(chart(k, lines));
    });
    ids.forEach(function (id) {
      if (data.series[id] && data.series[id].error) {
        grid.appendChild(el('div', { 'class': 'notice', text: 'metrics of ' + id + ' could not be read: ' + data.series[id].error }));
      }
    });
    return grid;
  }

  // ---------------------------------------------------------------- one run
  function artifactTable(list) {
    return table(['Name', 'Digest', 'Kind', 'Size'], list.map(function (a) {
      return { tr: el('tr', null, el('td', { text: a.name || '' }), el('td', { 'class': 'mono', title: a.digest, text: short(a.digest) }),
        el('td', { text: a.kind }), el('td', { 'class': 'num', text: a.size })), sort: [a.name, a.digest, a.kind, a.size] };
    }));
  }
  function runView(id) {
    var r = byId.get(id);
    if (!r) { main.appendChild(el('p', { text: 'No run ' + id + ' in this report.' })); return; }
    main.appendChild(el('h2', null, r.name + ' ', el('span', { 'class': 'mono', text: r.id }), ' ', el('span', { 'class': r.status, text: r.status })));
    var others = runs.filter(function (o) { return o.id !== r.id && o.name === r.name && data.series[o.id]; });
    if (data.series[r.id] && others.length) {
      var pick = el('select', { on: { change: function (e) { if (e.target.value) { location.hash = '#/compare/' + r.id + ',' + e.target.value; } } } },
        el('option', { value: '', text: 'Overlay another run of ' + r.name + '\u2026' }));
      others.forEach(function (o) { pick.appendChild(el('option', { value: o.id, text: o.id + ' ' + ago(o.startedAt) })); });
      main.appendChild(el('div', { 'class': 'toolbar' }, pick));
    }
    var w = r.inputWait;
    main.appendChild(el('div', { 'class': 'card' }, kv([
      ['started', r.startedAt + ' (' + ago(r.startedAt) + ')'], ['ended', r.endedAt], ['duration', duration(r)],
      ['failure', r.failure], ['user', r.user], ['host', r.host], ['git', (r.git || 'no repository') + ' (' + r.gitState + ')'],
      ['parent', r.parent ? link('#/run/' + r.parent, r.parent) : null],
      ['step', r.step ? r.step.name + ' ' + r.step.outcome + (r.step.entryRun ? ' of ' + r.step.entryRun : '') : null],
      ['waiting for input', w ? Math.round(w.fraction * 100) + '% of ' + w.intervals + ' intervals' + (r.dataBound ? ' (data-bound)' : '') : null],
      ['tracking errors', (r.trackingErrors || []).join('; ')]])));
    main.appendChild(el('h2', { text: 'Params' }));
    main.appendChild(table(['Key', 'Value'], Object.keys(r.params).sort().map(function (k) {
      return { tr: el('tr', null, el('td', { text: k }), el('td', { 'class': 'mono', text: String(r.params[k]) })), sort: [k, String(r.params[k])] };
    })));
    if (Object.keys(r.tags).length) {
      main.appendChild(el('h2', { text: 'Tags' }));
      main.appendChild(kv(Object.keys(r.tags).sort().map(function (k) { return [k, r.tags[k]]; })));
    }
    main.appendChild(el('h2', { text: 'Metrics' }));
    main.appendChild(table(['Key', 'Last', 'Min', 'Max', 'Points', 'Last step'], Object.keys(r.metrics).sort().map(function (k) {
      var m = r.metrics[k];
      return { tr: el('tr', null, el('td', { text: k }), el('td', { 'class': 'num', text: fmt(m.last) }), el('td', { 'class': 'num', text: fmt(m.min) }),
        el('td', { 'class': 'num', text: fmt(m.max) }), el('td', { 'class': 'num', text: m.count }), el('td', { 'class': 'num', text: m.step })),
        sort: [k, m.last, m.min, m.max, m.count, m.step] };
    })));
    if (data.series[r.id]) { main.appendChild(chartsOf([r.id])); }
    else if (Object.keys(r.metrics).length) { main.appendChild(el('p', { 'class': 'notice', text: 'Series are kept for the newest runs only (lineage report --series-runs).' })); }
    main.appendChild(el('h2', { text: 'Inputs' }));
    main.appendChild(artifactTable(r.inputs));
    main.appendChild(el('h2', { text: 'Outputs' }));
    main.appendChild(artifactTable(r.outputs));
    var f = r.fingerprint;
    main.appendChild(el('h2', { text: 'Fingerprint' }));
    main.appendChild(el('div', { 'class': 'card' }, kv([['git', f.git], ['remote', f.remote], ['uncommitted', f.diff], ['command', f.command], ['directory', f.directory],
      ['jvm', f.jvm], ['os', f.os], ['main class', f.mainClass], ['classpath', f.classpath], ['code', f.code],
      ['environment', Object.keys(f.environment).sort().map(function (k) { return k + '=' + f.environment[k]; }).join(' ')],
      ['frameworks', Object.keys(f.frameworks).sort().map(function (k) { return k + ' ' + f.frameworks[k]; }).join(', ')]])));
    if (r.gpus.length) {
      main.appendChild(el('h2', null, 'GPUs ', r.gpuWasted ? el('span', { 'class': 'badge bad', text: 'wasted' }) : null));
      main.appendChild(table(['GPU', 'UUID', 'Mean %', 'p50 %', 'Max %', 'GPU-h held', 'GPU-h idle'], r.gpus.map(function (g) {
        return { tr: el('tr', null, el('td', { text: g.index }), el('td', { 'class': 'mono', text: g.uuid }), el('td', { 'class': 'num', text: fmt(g.mean) }),
          el('td', { 'class': 'num', text: fmt(g.p50) }), el('td', { 'class': 'num', text: fmt(g.max) }), el('td', { 'class': 'num', text: fmt(g.held) }),
          el('td', { 'class': 'num', text: fmt(g.idle) })), sort: [g.index, g.uuid, g.mean, g.p50, g.max, g.held, g.idle] };
      })));
    }
  }

  function compareView(ids) {
    ids = ids.filter(function (id) { return byId.has(id); });
    main.appendChild(el('h2', { text: 'Comparing ' + ids.length + ' runs' }));
    main.appendChild(table(['Run', 'Name', 'Status', 'Params', 'Final metrics'], ids.map(function (id) {
      var r = byId.get(id);
      var params = paramsText(r);
      var metrics = metricsText(r);
      return { tr: el('tr', null, el('td', { 'class': 'mono' }, link('#/run/' + id, id)), el('td', { text: r.name }), el('td', { 'class': r.status, text: r.status }),
        el('td', { 'class': 'mono wrap', text: params }), el('td', { 'class': 'mono wrap', text: metrics })), sort: [id, r.name, r.status, params, metrics] };
    })));
    main.appendChild(chartsOf(ids));
  }

  // ---------------------------------------------------------------- registry
  // An alias is chosen from the model's own; a new one only through "new alias...", so that a typo
  // ("prodution") cannot quietly create an alias beside the one meant.
  function promoteControls(model, version, aliases) {
    if (!ui) { return null; }
    var NEW = ''; // no alias is empty
    var names = Object.keys(aliases).sort();
    var choice = el('select', { 'aria-label': 'alias', 'class': 'promote-alias' });
    names.forEach(function (a) { choice.appendChild(el('option', { value: a, text: a })); });
    choice.appendChild(el('option', { value: NEW, text: 'new alias\u2026' }));
    var fresh = el('input', { type: 'text', placeholder: 'new alias name', 'aria-label': 'new alias', 'class': 'promote-new', hidden: names.length ? 'hidden' : null });
    if (!names.length) { choice.value = NEW; }
    choice.addEventListener('change', function () { fresh.hidden = choice.value !== NEW; });
    var reason = el('input', { type: 'text', placeholder: 'why (required)', 'aria-label': 'reason', 'class': 'promote-reason' });
    var out = el('div', { 'class': 'promote-result', role: 'status' });
    function say(text, bad) { out.textContent = text; out.className = 'promote-result' + (bad ? ' bad' : ''); }
    var go = el('button', { 'class': 'promote-button', 'data-model': model, 'data-version': version, on: { click: function () {
      var creating = choice.value === NEW;
      var alias = creating ? fresh.value.trim() : choice.value;
      if (!alias) { say('Name the new alias.', true); return; }
      if (!reason.value.trim()) { say('A reason is required.', true); return; }
      var shown = aliases[alias];
      go.disabled = true;
      fetch('/api/promote', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Lineage-Token': ui.token },
        body: JSON.stringify({ model: model, alias: alias, create: creating, version: version, expect: shown === undefined ? null : shown, reason: reason.value }) })
        .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
        .then(function (r) {
          say(r.body.message, !r.ok);
          if (r.ok) { setTimeout(function () { location.reload(); }, 300); } else { go.disabled = false; }
        })
        .catch(function (e) { say(String(e), true); go.disabled = false; });
    } } }, 'Promote');
    return el('div', { 'class': 'promote-cell' }, el('span', { 'class': 'promote' }, choice, fresh, reason, go), out);
  }
  function modelsView() {
    if (!data.models.length) { main.appendChild(el('p', { text: 'No registered models.' })); return; }
    data.models.forEach(function (m) {
      main.appendChild(el('h2', null, m.name + ' ', el('span', { 'class': 'badge', text: m.versions.length + (m.versions.length === 1 ? ' version' : ' versions') })));
      var pointing = {};
      Object.keys(m.aliases).forEach(function (a) { (pointing[m.aliases[a]] = pointing[m.aliases[a]] || []).push(a); });
      main.appendChild(table(['Version', 'Aliases', 'Digest', 'Run', 'Registered', 'By', ''], m.versions.map(function (v) {
        return { tr: el('tr', { 'class': 'version-row', 'data-version': v.version }, el('td', { text: v.version }),
          el('td', { text: (pointing[v.version] || []).join(', ') }), el('td', { 'class': 'mono', title: v.digest, text: short(v.digest) }),
          el('td', { 'class': 'mono' }, v.run ? link('#/run/' + v.run, v.run) : ''), el('td', { title: v.registeredAt, text: ago(v.registeredAt) }),
          el('td', { text: v.by }), el('td', null, link('#/graph/' + m.name + '@' + v.version, 'lineage'), ' ', promoteControls(m.name, v.version, m.aliases))),
          sort: [v.version, (pointing[v.version] || []).join(), v.digest, v.run, v.registeredAt, v.by, null] };
      }), { sortCol: 0, sortDir: -1 }));
      Object.keys(m.pending || {}).sort().forEach(function (alias) {
        var p = m.pending[alias];
        main.appendChild(el('p', { 'class': 'pending-approval' }, el('span', { 'class': 'badge', text: 'awaiting approval' }),
          ' ' + m.name + ':' + alias + ' \u2192 version ' + p.to + ', proposed by ' + p.by + ' ' + ago(p.at) + ' (' + (p.reason || 'no reason') +
          '). Another principal approves it with: lineage approve ' + m.name + ' ' + alias + ' ' + p.seq + ' --reason TEXT'));
      });
      Object.keys(m.history).sort().forEach(function (alias) {
        main.appendChild(el('h2', { text: m.name + ':' + alias + ' history' }));
        main.appendChild(table(['#', 'Kind', 'From', 'To', 'When', 'By', 'Why'], m.history[alias].map(function (h) {
          return { tr: el('tr', { 'class': 'history-row' }, el('td', { text: h.seq }), el('td', { text: h.kind || 'move' }), el('td', { text: h.from === null ? '\u2013' : h.from }), el('td', { text: h.to }),
            el('td', { title: h.at, text: ago(h.at) }), el('td', { text: h.by }), el('td', { text: h.reason || '' })), sort: [h.seq, h.kind, h.from, h.to, h.at, h.by, h.reason] };
        }), { sortCol: 0, sortDir: 1 }));
      });
    });
  }

  // ---------------------------------------------------------------- lineage graph
  // Edges read "from ... to" as the query API names them (EdgeKind); these point against the flow of data.
  var FLOWS_BACKWARDS = { USED: true, REGISTERED_AS: true, INSTANCE_OF: true, CACHE_HIT_OF: true };
  function graphView(key) {
    var g = data.graphs[key];
    if (!g) {
      main.appendChild(el('p', { text: 'The report holds the lineage of each model\u2019s newest version; ' + key + ' is not one of them.' }));
      return;
    }
    main.appendChild(el('h2', { text: 'Upstream lineage of ' + g.title + ' (' + g.nodes.length + ' nodes, data flowing left to right)' }));
    /* global dagre */
    var layout = new dagre.graphlib.Graph();
    layout.setGraph({ rankdir: 'LR', nodesep: 12, ranksep: 46, marginx: 16, marginy: 16 });
    layout.setDefaultEdgeLabel(function () { return {}; });
    g.nodes.forEach(function (n) {
      var label = n.label.length > 28 ? n.label.substring(0, 27) + '\u2026' : n.label;
      layout.setNode(n.id, { label: label, width: Math.max(70, label.length * 6.6 + 18), height: 26, node: n });
    });
    // Drawn as data flows, left to right: a run's inputs before it, its outputs after it, the model version last.
    g.edges.forEach(function (e) {
      if (FLOWS_BACKWARDS[e.kind]) { layout.setEdge(e.to, e.from); } else { layout.setEdge(e.from, e.to); }
    });
    dagre.layout(layout);
    var size = layout.graph();
    var NS = 'http://www.w3.org/2000/svg';
    function s(tag, attrs) { var e = document.createElementNS(NS, tag); Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); }); return e; }
    var svg = s('svg', { 'class': 'lineage-graph', width: Math.ceil(size.width), height: Math.ceil(size.height), viewBox: '0 0 ' + Math.ceil(size.width) + ' ' + Math.ceil(size.height) });
    var defs = s('defs');
    var marker = s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' });
    marker.appendChild(s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#98a2b3' }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    layout.edges().forEach(function (e) {
      var pts = layout.edge(e).points;
      svg.appendChild(s('path', { 'class': 'edge', d: 'M' + pts.map(function (p) { return p.x.toFixed(1) + ' ' + p.y.toFixed(1); }).join(' L') }));
    });
    layout.nodes().forEach(function (id) {
      var n = layout.node(id);
      var group = s('g', { 'class': 'node ' + n.node.kind, 'data-node': id, transform: 'translate(' + (n.x - n.width / 2).toFixed(1) + ',' + (n.y - n.height / 2).toFixed(1) + ')' });
      var title = s('title');
      title.textContent = n.node.kind + ' ' + n.node.detail;
      group.appendChild(title);
      group.appendChild(s('rect', { width: n.width, height: n.height }));
      var text = s('text', { x: 9, y: 17 });
      text.textContent = n.label;
      group.appendChild(text);
      if (n.node.run) {
        group.style.cursor = 'pointer';
        group.addEventListener('click', function () { location.hash = '#/run/' + n.node.run; });
      }
      svg.appendChild(group);
    });
    main.appendChild(el('div', { 'class': 'graph-wrap' }, svg));
  }

  // ---------------------------------------------------------------- GPU waste
  function gpuView() {
    var list = data.gpu.map(function (id) { return byId.get(id); }).filter(Boolean);
    main.appendChild(el('h2', { text: 'Runs that held GPUs, most GPU-hours idle first' }));
    if (!list.length) { main.appendChild(el('p', { text: 'No run held a GPU.' })); return; }
    main.appendChild(table(['Run', 'Name', 'User', 'GPU-h held', 'GPU-h idle', 'Mean %', 'Wasted', 'Data-bound'], list.map(function (r) {
      var mean = r.gpus.reduce(function (a, g) { return a + g.mean; }, 0) / r.gpus.length;
      return { tr: el('tr', { 'class': 'gpu-row' }, el('td', { 'class': 'mono' }, link('#/run/' + r.id, r.id)), el('td', { text: r.name }), el('td', { text: r.user }),
        el('td', { 'class': 'num', text: fmt(r.gpuHoursHeld) }), el('td', { 'class': 'num', text: fmt(r.gpuHoursIdle) }), el('td', { 'class': 'num', text: fmt(mean) }),
        el('td', { text: r.gpuWasted ? 'yes' : '' }), el('td', { text: r.dataBound ? 'yes' : '' })),
        sort: [r.id, r.name, r.user, r.gpuHoursHeld, r.gpuHoursIdle, mean, r.gpuWasted, r.dataBound] };
    }), { sortCol: 4, sortDir: -1 }));
  }

  function route() {
    main.textContent = '';
    var parts = (location.hash || '#/runs').substring(2).split('/');
    var view = parts[0];
    var arg = decodeURIComponent(parts.slice(1).join('/'));
    if (view === 'run') { runView(arg); }
    else if (view === 'compare') { compareView(arg.split(',')); }
    else if (view === 'models') { modelsView(); }
    else if (view === 'graph') { graphView(arg); }
    else if (view === 'gpu') { gpuView(); }
    else { runsView(); }
    document.body.setAttribute('data-view', view || 'runs');
  }
  window.addEventListener('hashchange', route);
  route();
})();
