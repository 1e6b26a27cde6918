/**
 * The dossier page's own script (plain ES2017, inlined after the chart library). It reads the
 * chart specs from `#dossier-data`, draws them, makes tables sortable and wires the copy buttons.
 * Data only ever reaches the DOM through `textContent`; the one HTML sink (ECharts tooltips) gets
 * strings passed through `esc`. When done it sets `window.__DOSSIER_READY__ = true`.
 */
export const clientScript = `(function () {
  'use strict';
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function ganttItem(params, api) {
    var lane = api.value(0);
    var a = api.coord([api.value(1), lane]);
    var b = api.coord([api.value(2), lane]);
    var h = api.size([0, 1])[1] * 0.7;
    var cs = params.coordSys;
    var shape = echarts.graphic.clipRectByRect(
      { x: a[0], y: a[1] - h / 2, width: Math.max(b[0] - a[0], 1), height: h },
      { x: cs.x, y: cs.y, width: cs.width, height: cs.height }
    );
    return shape && { type: 'rect', shape: shape, style: { fill: api.visual('color') } };
  }
  function tooltipOf(spec) {
    return function (p) {
      var lines = p.dataType === 'edge' ? (spec.edgeTips || [])[p.dataIndex] : (spec.tips || [])[p.dataIndex];
      if (!lines) return esc(p.name) + (p.value === undefined ? '' : ': ' + esc(p.value));
      return lines.map(esc).join('<br>');
    };
  }
  function drawCharts(specs) {
    var charts = [];
    specs.forEach(function (spec) {
      var el = document.getElementById('chart-' + spec.id);
      if (!el) return;
      var option = spec.option;
      (option.series || []).forEach(function (s) {
        if (s.renderItem === 'gantt') s.renderItem = ganttItem;
      });
      if ((spec.tips || spec.edgeTips) && option.tooltip) option.tooltip.formatter = tooltipOf(spec);
      var chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(option);
      el.setAttribute('data-rendered', 'true');
      charts.push(chart);
    });
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return '';
    var v = cell.getAttribute('data-v');
    return v === null ? cell.textContent : v;
  }
  function compare(a, b) {
    var na = Number(a), nb = Number(b);
    if (a !== '' && b !== '' && !isNaN(na) && !isNaN(nb)) return na - nb;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      th.setAttribute('tabindex', '0');
      function sort() {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (r, i) { r.setAttribute('data-i', String(i)); });
        rows.sort(function (x, y) {
          return dir * compare(cellValue(x, index), cellValue(y, index)) ||
            Number(x.getAttribute('data-i')) - Number(y.getAttribute('data-i'));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sort(); });
    });
  }
  function copyText(value, button) {
    function done(ok) {
      button.textContent = ok ? 'copied' : 'copy failed';
      setTimeout(function () { button.textContent = 'copy'; }, 1200);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(function () { done(true); }, function () { done(fallbackCopy(value)); });
    } else {
      done(fallbackCopy(value));
    }
  }
  function fallbackCopy(value) {
    var area = document.createElement('textarea');
    area.value = value;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  var data = JSON.parse(document.getElementById('dossier-data').textContent);
  if (typeof echarts === 'undefined') {
    document.querySelectorAll('.chart').forEach(function (el) {
      el.textContent = 'Charts unavailable: the chart library was not embedded in this file.';
    });
  } else {
    drawCharts(data.charts);
  }
  document.querySelectorAll('table.sortable').forEach(makeSortable);
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (t && t.classList && t.classList.contains('copy')) copyText(t.getAttribute('data-copy'), t);
  });
  window.__DOSSIER_READY__ = true;
})();
`
