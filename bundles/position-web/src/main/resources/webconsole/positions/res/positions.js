/*
 * The Positions page: polls data.json and fills the tables. Every value goes into the page with
 * textContent (never innerHTML), so stored text is shown as text, whatever it contains.
 */
(function () {
  'use strict';
  var POLL_MS = 2000;
  var root = document.getElementById('ps-root');
  var pluginRoot = root.getAttribute('data-plugin-root');
  var state = { account: '', at: '', offset: 0, limit: 500 };
  var timer = null;

  function byId(id) { return document.getElementById(id); }

  function cell(row, value) {
    var td = document.createElement('td');
    td.textContent = value === null || value === undefined ? '-' : String(value);
    row.appendChild(td);
  }

  function fill(tableId, rows, columns) {
    var body = byId(tableId).tBodies[0];
    var fresh = document.createElement('tbody');
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      columns.forEach(function (c) { cell(tr, r[c]); });
      fresh.appendChild(tr);
    });
    body.parentNode.replaceChild(fresh, body);
  }

  /** The picked local second as an instant at its end (.999), or '' for now. */
  function pickedInstant() {
    var value = byId('ps-at').value;
    if (!value) { return ''; }
    var picked = new Date(value.length === 16 ? value + ':00' : value);
    if (isNaN(picked.getTime())) { return ''; }
    return new Date(picked.getTime() + 999).toISOString();
  }

  function query() {
    var q = 'offset=' + state.offset + '&limit=' + state.limit;
    if (state.account) { q += '&account=' + encodeURIComponent(state.account); }
    if (state.at) { q += '&at=' + encodeURIComponent(state.at); }
    return q;
  }

  function status(data) {
    var s = data.status;
    var text = 'Sync status: ' + s.sessionsBound + ' broker session(s) bound';
    if (s.rejectedConfiguration) { text += '; configuration refused: ' + s.rejectedConfiguration; }
    if (s.lastErrors.length) { text += '; last errors: ' + s.lastErrors.join('; '); }
    else { text += '; no session reports an error'; }
    byId('ps-status').textContent = text;
  }

  function positions(p) {
    fill('ps-positions', p.rows, ['account', 'conId', 'symbol', 'secType', 'currency', 'quantity',
      'averageCost', 'heldSince', 'trigger']);
    byId('ps-caption').textContent = (p.asOf ? 'As of ' + p.at : 'Now (' + p.at + ')') +
      (p.account ? ', account ' + p.account : ', every account');
    byId('ps-page').textContent = p.rows.length === 0 ? 'no positions' :
      'rows ' + (p.offset + 1) + '–' + (p.offset + p.rows.length) + (p.more ? ' (more follow)' : '');
    byId('ps-prev').disabled = p.offset === 0;
    byId('ps-next').disabled = !p.more;
  }

  function latency(l) {
    byId('ps-latency-since').textContent = l.since;
    var svg = byId('ps-latency');
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var ns = 'http://www.w3.org/2000/svg';
    var width = 720, height = 150, bar = width / l.minutes.length;
    var top = 1;
    l.minutes.forEach(function (m) { top = Math.max(top, m.maxMs); });
    function rect(x, value, cls) {
      var h = Math.round(value / top * (height - 10));
      var r = document.createElementNS(ns, 'rect');
      r.setAttribute('x', String(x));
      r.setAttribute('y', String(height - h));
      r.setAttribute('width', String(Math.max(1, bar - 2)));
      r.setAttribute('height', String(h));
      r.setAttribute('class', cls);
      svg.appendChild(r);
    }
    l.minutes.forEach(function (m, i) {
      if (m.count > 0) {
        rect(i * bar, m.maxMs, 'ps-max');
        rect(i * bar, m.meanMs, 'ps-mean');
      }
    });
    var label = document.createElementNS(ns, 'text');
    label.setAttribute('x', '4');
    label.setAttribute('y', '12');
    label.textContent = 'top ' + top.toFixed(1) + ' ms; ' +
      l.minutes.reduce(function (n, m) { return n + m.count; }, 0) + ' changes in the hour';
    svg.appendChild(label);
    var axis = document.createElementNS(ns, 'text');
    axis.setAttribute('x', '4');
    axis.setAttribute('y', String(height + 15));
    axis.textContent = l.minutes[0].minute + ' … ' + l.minutes[l.minutes.length - 1].minute;
    svg.appendChild(axis);
  }

  function render(data) {
    byId('ps-error').textContent = '';
    status(data);
    fill('ps-sessions', data.sessions, ['broker', 'callbacks', 'started', 'succeeded', 'failed',
      'abandoned', 'queued', 'triggers', 'coalesced', 'drift', 'held', 'lastSync', 'durationMs', 'trigger', 'lastError']);
    positions(data.positions);
    fill('ps-runs', data.runs, ['id', 'broker', 'trigger', 'finishedAt', 'durationMs', 'changed',
      'outcome', 'error']);
    latency(data.latency);
    root.setAttribute('data-generated-at', data.generatedAt);
  }

  function refresh() {
    clearTimeout(timer);
    var request = new XMLHttpRequest();
    request.open('GET', pluginRoot + '/data.json?' + query());
    request.onload = function () {
      var data = null;
      try { data = JSON.parse(request.responseText); } catch (e) { data = null; }
      if (request.status === 200 && data) { render(data); }
      else { byId('ps-error').textContent = 'Refresh failed: ' + (data && data.error ? data.error : 'HTTP ' + request.status); }
      timer = setTimeout(refresh, POLL_MS);
    };
    request.onerror = function () {
      byId('ps-error').textContent = 'Refresh failed: the console did not answer';
      timer = setTimeout(refresh, POLL_MS);
    };
    request.send();
  }

  byId('ps-account').addEventListener('change', function () {
    state.account = byId('ps-account').value.trim(); state.offset = 0; refresh();
  });
  byId('ps-at').addEventListener('change', function () {
    state.at = pickedInstant(); state.offset = 0; refresh();
  });
  byId('ps-now').addEventListener('click', function () {
    byId('ps-at').value = ''; state.at = ''; state.offset = 0; refresh();
  });
  byId('ps-prev').addEventListener('click', function () {
    state.offset = Math.max(0, state.offset - state.limit); refresh();
  });
  byId('ps-next').addEventListener('click', function () {
    state.offset += state.limit; refresh();
  });
  refresh();
}());
