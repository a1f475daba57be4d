'use strict';
// Lantern Studio. Every model or user string reaches the page through textContent, never as HTML.
(function () {
  const $ = (id) => document.getElementById(id);
  const KNOBS = {
    lime: ['Samples', 'samples', 5000], 'kernel-shap': ['Samples', 'samples', ''],
    'partition-shap': ['Evaluations', 'maxEvals', 500], occlusion: null, lig: ['Steps', 'steps', 50]
  };
  let models = [];
  let imageData = null; // the chosen image as a data URL
  let active = [];      // runs in flight: {id, source}
  const history = [];   // finished results, newest first

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  async function api(method, path, body) {
    const r = await fetch(path, {
      method, headers: body ? {'Content-Type': 'application/json'} : {},
      body: body ? JSON.stringify(body) : undefined
    });
    const data = await r.json().catch(() => ({error: 'HTTP ' + r.status}));
    if (!r.ok) throw new Error(data.error || ('HTTP ' + r.status));
    return data;
  }

  function showError(id, message) {
    const p = $(id);
    p.hidden = !message;
    p.textContent = message || '';
  }

  function currentModel() {
    return models.find((m) => m.id === $('model').value);
  }

  function isImageModel(m) {
    return m && m.task === 'image-classification';
  }

  function fillLabels() {
    const m = currentModel();
    const image = isImageModel(m);
    $('text-controls').hidden = image;
    $('image-controls').hidden = !image;
    $('task-label').hidden = image;
    $('estimate').hidden = image;
    $('tab-probe-button').hidden = image;
    $('results').replaceChildren();
    $('estimate-out').textContent = '';
    showError('error', '');
    const select = $(image ? 'image-label' : 'label');
    while (select.options.length > 1) select.remove(1);
    if (!m) return;
    m.labels.forEach((l) => select.add(new Option(l, l)));
    if (image) {
      $('model-info').textContent = 'image classifier · ' + m.inputSize[0] + '×' + m.inputSize[1] + ' · labels: '
        + m.labels.join(', ') + (m.gradients ? '' : ' · no gradients: LIME only');
      // An ONNX model has no gradients: Integrated Gradients is not offered.
      $('image-method').querySelector('option[value="ig"]').disabled = !m.gradients;
      if (!m.gradients) $('image-method').value = 'lime';
      imageMethodChanged();
      return;
    }
    $('task').disabled = m.task !== 'sequence-classification';
    if ($('task').disabled) $('task').value = 'sequence';
    taskChanged();
    $('model-info').textContent = m.task + ' · labels: ' + m.labels.join(', ') + (m.gradients ? '' : ' · no gradients');
  }

  function methodChanged() {
    const k = KNOBS[$('method').value];
    $('knob-label').hidden = !k;
    if (k) {
      $('knob-label').firstChild.textContent = k[0] + ' ';
      $('knob').value = k[2];
    }
  }

  function taskChanged() {
    const task = $('task').value;
    $('pair-box').hidden = task !== 'pair';
    $('zero-shot-box').hidden = task !== 'zero-shot';
    $('label').disabled = task === 'zero-shot';
  }

  function request(method) {
    const body = {model: $('model').value, text: $('text').value, method};
    const task = $('task').value;
    if (task !== 'sequence') body.task = task;
    if (task === 'pair') body.pair = $('pair').value;
    if (task === 'zero-shot') {
      body.candidateLabels = $('candidates').value.split(',').map((c) => c.trim()).filter((c) => c);
      body.template = $('template').value;
    }
    const k = KNOBS[method];
    const knob = $('knob').value.trim();
    if (k && knob !== '' && method === $('method').value) body[k[1]] = Number(knob);
    if ($('label').value && task !== 'zero-shot') body.label = $('label').value;
    const seconds = Number($('deadline').value);
    if (seconds > 0) body.deadlineMs = Math.round(seconds * 1000);
    return body;
  }

  async function estimate() {
    showError('error', '');
    try {
      const e = (await api('POST', '/api/estimate', request($('method').value))).estimate;
      $('estimate-out').textContent = 'expected: ' + Math.round(e.forwardPasses) + ' forward passes, about '
        + (e.expectedMillis / 1000).toFixed(1) + ' s (' + e.basis + ')';
    } catch (err) {
      showError('error', err.message);
    }
  }

  function setRunning(running) {
    $('explain').disabled = running;
    $('model').disabled = running; // a result always belongs to the model it was asked of
    $('stop').disabled = !running;
    $('progress').hidden = !running;
  }

  function imageMethodChanged() {
    const lime = $('image-method').value === 'lime';
    document.querySelectorAll('.ig-only').forEach((e) => { e.hidden = lime; });
    document.querySelectorAll('.lime-only').forEach((e) => { e.hidden = !lime; });
  }

  function chooseImage(file) {
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      $('image-file').value = ''; // so that choosing the same file again is seen
      imageData = reader.result;
      $('image-preview').src = imageData;
      $('image-preview').hidden = false;
      $('image-name').textContent = file.name;
    };
    reader.onerror = () => showError('error', 'cannot read ' + file.name);
    reader.readAsDataURL(file);
  }

  async function explainImage() {
    showError('error', '');
    if (!imageData) {
      showError('error', 'choose an image first');
      return;
    }
    const method = $('image-method').value;
    const body = {model: $('model').value, image: imageData, method};
    if ($('image-label').value) body.label = $('image-label').value;
    if (method === 'ig') {
      if ($('noise-tunnel').value) body.noiseTunnel = $('noise-tunnel').value;
      body.view = $('view').value;
      body.sign = $('sign').value;
    } else {
      body.segmentation = $('segmentation').value;
      const samples = $('image-samples').value.trim();
      if (samples !== '') body.samples = Number(samples);
    }
    const seconds = Number($('image-deadline').value);
    if (seconds > 0) body.deadlineMs = Math.round(seconds * 1000);
    const imageName = $('image-name').textContent;
    $('results').replaceChildren();
    $('progress-fill').style.width = '0%';
    $('progress-text').textContent = 'queued';
    setRunning(true);
    let id;
    try {
      id = (await api('POST', '/api/runs', body)).run;
    } catch (err) {
      showError('error', err.message);
      setRunning(false);
      return;
    }
    watch([id], (r) => {
      r.imageName = imageName;
      return renderImageResult(r);
    }, ' images');
  }

  function renderImageResult(r) {
    const box = el('div', 'result image-result');
    box.dataset.run = r.run;
    const title = el('h2', null, (r.method === 'ig' ? 'Integrated Gradients' : 'LIME') + ' · explaining ' + r.label);
    if (r.stopped || r.diagnostics.partial) {
      box.classList.add('partial');
      title.append(el('span', 'badge', r.stopped ? 'partial: stopped' : 'partial'));
    }
    box.append(title);
    box.append(renderProbabilities(r.prediction));
    const picture = el('img', 'picture');
    picture.src = r.picture;
    picture.alt = 'the explanation of ' + r.label;
    box.append(picture);
    if (r.superpixels) {
      const list = el('div', 'chart superpixels');
      list.append(el('div', 'muted', 'Superpixels with the largest |weight|'));
      r.superpixels.slice(0, 5).forEach((s) => list.append(el('div', null, 'superpixel ' + s.segment + '  '
        + fmt(s.weight))));
      box.append(list);
    }
    const table = el('table', 'diag');
    Object.entries(r.diagnostics).filter(([, v]) => v !== null && v !== undefined).forEach(([k, v]) => {
      const tr = el('tr');
      tr.append(el('th', null, k), el('td', null, typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : v));
      table.append(tr);
    });
    box.append(table);
    box.append(downloads(r.run, 'PNG picture'));
    return box;
  }

  /** Links to a run's JSON, its PNG (the chart, or an image's picture) and its HTML report. */
  function downloads(run, png) {
    const dl = el('div', 'downloads');
    [['JSON', 'result.json'], [png, 'chart.png'], ['HTML report', 'report.html']].forEach(([name, file]) => {
      const a = el('a', null, name);
      a.href = '/api/runs/' + encodeURIComponent(run) + '/' + file;
      a.download = 'lantern-' + run + '-' + file;
      dl.append(a);
    });
    return dl;
  }

  function renderProbabilities(prediction) {
    const probs = el('div', 'probs');
    Object.entries(prediction.probabilities).forEach(([label, p]) => {
      const row = el('div', 'p');
      row.append(el('span', 'name', label));
      const track = el('span', 'track');
      const fill = el('span', 'fill');
      fill.style.display = 'block';
      fill.style.width = (100 * p).toFixed(1) + '%';
      track.append(fill);
      row.append(track, el('span', null, p.toFixed(4) + (label === prediction.label ? '  ← predicted' : '')));
      probs.append(row);
    });
    return probs;
  }

  async function explain() {
    if (isImageModel(currentModel())) {
      explainImage();
      return;
    }
    showError('error', '');
    const methods = $('both').checked ? ['lime', 'lig'] : [$('method').value];
    $('results').replaceChildren();
    $('progress-fill').style.width = '0%';
    $('progress-text').textContent = 'queued';
    setRunning(true);
    const started = [];
    try {
      for (const m of methods) started.push((await api('POST', '/api/runs', request(m))).run);
    } catch (err) {
      showError('error', err.message);
      started.forEach((id) => api('DELETE', '/api/runs/' + id).catch(() => {}));
      setRunning(false);
      return;
    }
    watch(started, renderResult, '');
  }

  /**
   * Follows runs through their event streams: one progress bar for all of them (counting in
   * `unit`), then each result drawn by `render` and added to the History.
   */
  function watch(started, render, unit) {
    let left = started.length;
    const fractions = {};
    active = started.map((id) => {
      const source = new EventSource('/api/runs/' + id + '/events');
      source.addEventListener('progress', (ev) => {
        const p = JSON.parse(ev.data);
        fractions[id] = p.fraction || 0;
        const all = Object.values(fractions).reduce((x, y) => x + y, 0) / started.length;
        $('progress-fill').style.width = (100 * all).toFixed(1) + '%';
        $('progress-text').textContent = p.state + (p.total ? ' · ' + p.done + ' / ' + p.total + unit : '')
          + (p.etaMillis != null ? ' · ETA ' + (p.etaMillis / 1000).toFixed(1) + ' s' : '');
      });
      const finish = () => {
        source.close();
        if (--left === 0) {
          setRunning(false);
          active = [];
        }
      };
      source.addEventListener('result', (ev) => {
        const r = JSON.parse(ev.data);
        fractions[id] = 1;
        $('progress-fill').style.width = '100%';
        $('progress-text').textContent = r.stopped ? 'stopped' : 'done';
        $('results').append(render(r));
        history.unshift(r);
        renderHistory();
        finish();
      });
      source.addEventListener('failure', (ev) => {
        showError('error', JSON.parse(ev.data).error);
        finish();
      });
      source.onerror = () => {
        if (source.readyState === EventSource.CLOSED) finish();
      };
      return {id, source};
    });
  }

  function stop() {
    active.forEach((r) => api('DELETE', '/api/runs/' + r.id).catch((err) => showError('error', err.message)));
    $('progress-text').textContent = 'stopping…';
  }

  function background(relative) {
    const a = Math.min(1, Math.abs(relative)) * 0.75;
    return relative >= 0 ? 'rgba(46,125,50,' + a.toFixed(3) + ')' : 'rgba(198,40,40,' + a.toFixed(3) + ')';
  }

  function fmt(v) {
    return (v >= 0 ? '+' : '') + (Math.abs(v) >= 1e-4 || v === 0 ? v.toFixed(4) : v.toExponential(2));
  }

  function renderResult(r) {
    const box = el('div', 'result');
    box.dataset.run = r.run;
    const target = r.explanations[0];
    const title = el('h2', null, r.method.toUpperCase() + (r.task && r.task !== 'sequence' ? ' · ' + r.task : '')
      + (r.explanations.length === 1 ? ' · explaining ' + target.label : ''));
    if (r.stopped || r.diagnostics.partial) {
      box.classList.add('partial');
      title.append(el('span', 'badge', r.stopped ? 'partial: stopped' : 'partial'));
    }
    box.append(title);

    box.append(renderProbabilities(r.prediction));

    r.explanations.slice(0, 6).forEach((target, i) => {
      if (r.explanations.length > 1) box.append(el('h3', null, 'explaining ' + target.label));
      box.append(...renderTarget(r, target));
    });

    const d = r.diagnostics;
    const rows = [['samples', d.samples], ['forward passes', d.forwardPasses], ['time', d.elapsedMillis + ' ms'],
      ['stop', d.stop], ['seed', d.seed]];
    if (target.r2 !== undefined) rows.push(['surrogate R²', target.r2]);
    if (target.score !== undefined && r.method === 'lime') rows.push(['surrogate R²', Number(target.score).toFixed(3)]);
    if (target.convergenceDelta !== undefined) rows.push(['convergence delta', Number(target.convergenceDelta).toExponential(2)]);
    if (target.comprehensiveness !== undefined) rows.push(['comprehensiveness', Number(target.comprehensiveness).toFixed(3)]);
    if (target.sufficiency !== undefined) rows.push(['sufficiency', Number(target.sufficiency).toFixed(3)]);
    (d.warnings || []).forEach((w) => rows.push(['warning', w]));
    const table = el('table', 'diag');
    rows.filter(([, v]) => v !== null && v !== undefined).forEach(([k, v]) => {
      const tr = el('tr');
      tr.append(el('th', null, k), el('td', null, v));
      table.append(tr);
    });
    box.append(table);

    box.append(downloads(r.run, 'PNG chart'));
    return box;
  }

  /** The highlighted text (and second text of a pair) and the top-feature chart of one explained class. */
  function renderTarget(r, target) {
    const parts = [];
    const feats = target.features.filter((f) => f.start != null && !f.special);
    const max = Math.max(1e-12, ...feats.map((f) => Math.abs(f.score)));
    const texts = r.pair != null ? [[r.text, 0], [r.pair, 1]] : [[r.text, 0]];
    texts.forEach(([source, sequence]) => {
      // Offsets are UTF-16 indices into their own text, as JavaScript's.
      const spans = [];
      feats.filter((f) => (f.sequence || 0) === sequence)
        .forEach((f) => (f.occurrences || [[f.start, f.end]]).forEach(([s, e]) => spans.push({s, e, f})));
      spans.sort((a, b) => a.s - b.s);
      const text = el('div', 'text');
      let pos = 0;
      spans.forEach(({s, e, f}) => {
        if (s < pos) return;
        text.append(document.createTextNode(source.substring(pos, s)));
        const w = el('span', 'w', source.substring(s, e));
        w.style.backgroundColor = background(f.score / max);
        w.title = f.text + ': ' + fmt(f.score);
        w.dataset.score = String(f.score);
        text.append(w);
        pos = e;
      });
      text.append(document.createTextNode(source.substring(pos)));
      parts.push(text);
    });
    const legend = el('div', 'legend');
    legend.append(el('span', 'pos', 'pushes ' + target.label + ' up'), el('span', 'neg', 'pushes it down'),
      document.createTextNode('colour by score relative to the strongest (' + fmt(max) + ')'));
    parts.push(legend);
    const top = feats.slice().sort((a, b) => Math.abs(b.score) - Math.abs(a.score)).slice(0, 10);
    const chart = el('div', 'chart');
    chart.append(el('div', 'muted', 'Top features'));
    top.forEach((f) => {
      const row = el('div', 'b');
      row.append(el('span', 'lab', f.text));
      const axis = el('span', 'axis');
      axis.append(el('span', 'mid'));
      const bar = el('span', 'bar ' + (f.score >= 0 ? 'pos' : 'neg'));
      const width = 50 * Math.abs(f.score) / max;
      bar.style.width = width.toFixed(2) + '%';
      bar.style.left = (f.score >= 0 ? 50 : 50 - width).toFixed(2) + '%';
      axis.append(bar);
      row.append(axis, el('span', null, fmt(f.score)));
      chart.append(row);
    });
    parts.push(chart);
    return parts;
  }

  function renderHistory() {
    const list = $('history');
    list.replaceChildren();
    history.forEach((r) => {
      const row = el('label', 'hist');
      const box = el('input');
      box.type = 'checkbox';
      box.value = r.run;
      box.addEventListener('change', compare);
      row.append(box, el('span', null, '#' + r.run + ' ' + r.method + ' · ' + r.prediction.label + ' '
        + Object.values(r.prediction.probabilities)[r.prediction.index].toFixed(3) + ' · '
        + (r.picture ? 'image ' + (r.imageName || '') : '"' + r.text.slice(0, 60) + '"')));
      list.append(row);
    });
  }

  function compare() {
    const chosen = [...document.querySelectorAll('#history input:checked')].map((b) => b.value);
    const out = $('compare');
    out.replaceChildren();
    const wrap = el('div');
    wrap.id = 'compare-results';
    wrap.style.display = 'flex';
    wrap.style.flexWrap = 'wrap';
    wrap.style.gap = '18px';
    history.filter((r) => chosen.includes(r.run)).forEach((r) => wrap.append(r.picture ? renderImageResult(r)
      : renderResult(r)));
    out.append(wrap);
  }

  async function probe() {
    showError('probe-error', '');
    const out = $('probe-out');
    out.replaceChildren();
    try {
      const r = await api('POST', '/api/probe', {model: $('model').value, template: $('probe-template').value,
        values: $('values').value.split(',')});
      const table = el('table', 'diag');
      r.results.forEach((row) => {
        const tr = el('tr');
        tr.append(el('th', null, row.text), el('td', null, row.prediction.label + ' '
          + row.prediction.probabilities[row.prediction.label].toFixed(4)));
        table.append(tr);
      });
      out.append(table);
      r.gaps.forEach((g) => out.append(el('p', null, g.label + ': gap ' + g.gap.toFixed(4) + ' between "'
        + g.highest + '" (highest) and "' + g.lowest + '" (lowest)')));
    } catch (err) {
      showError('probe-error', err.message);
    }
  }

  function tabs() {
    document.querySelectorAll('.tab').forEach((t) => t.addEventListener('click', () => {
      document.querySelectorAll('.tab').forEach((x) => x.classList.toggle('active', x === t));
      document.querySelectorAll('.panel').forEach((p) => { p.hidden = p.id !== 'tab-' + t.dataset.tab; });
    }));
  }

  async function start() {
    tabs();
    $('model').addEventListener('change', fillLabels);
    $('method').addEventListener('change', methodChanged);
    $('task').addEventListener('change', taskChanged);
    $('estimate').addEventListener('click', estimate);
    $('explain').addEventListener('click', explain);
    $('stop').addEventListener('click', stop);
    $('probe').addEventListener('click', probe);
    $('image-method').addEventListener('change', imageMethodChanged);
    $('image-file').addEventListener('change', () => chooseImage($('image-file').files[0]));
    // A file dropped beside the zone must not make the browser leave the page.
    document.addEventListener('dragover', (e) => e.preventDefault());
    document.addEventListener('drop', (e) => e.preventDefault());
    const drop = $('drop');
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      chooseImage(e.dataTransfer.files[0]);
    });
    methodChanged();
    imageMethodChanged();
    try {
      models = (await api('GET', '/api/models')).models;
      models.forEach((m) => $('model').add(new Option(m.id + ' (' + m.task + ')', m.id)));
      fillLabels();
      document.body.dataset.ready = 'true';
    } catch (err) {
      showError('error', 'cannot list the models: ' + err.message);
    }
  }

  start();
})();
