// The live page: decisions over server-sent events, stats polled once a second into a rolling chart, controls
// posted to /api/control/{command}. Plain DOM code, no libraries: the board serves everything itself.
'use strict';

const history = [];
const historyLength = 180;
let lastStats = null;

function showDecision(d) {
  const box = $('decision');
  $('label').textContent = d.label === null ? 'no match' : d.label;
  $('score').textContent = d.label === null ? '' : percent(d.score);
  $('ambiguous').hidden = !d.ambiguous;
  box.classList.toggle('nomatch', d.label === null);
  box.classList.toggle('ambiguous', d.ambiguous);
  box.dataset.frame = d.frame;
  const list = $('topk');
  list.replaceChildren(...(d.top || []).map((c) => {
    const item = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = c.label;
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = percent(c.score);
    const bar = document.createElement('div');
    bar.className = 'bar';
    const fill = document.createElement('span');
    fill.style.width = Math.max(0, Math.min(100, c.score * 100)) + '%';
    bar.append(fill);
    item.append(name, value, bar);
    return item;
  }));
}

async function refreshEvents() {
  const events = await getJson('/api/events');
  $('events').replaceChildren(...events.map((e) => {
    const item = document.createElement('li');
    if (e.thumbnail) {
      const image = document.createElement('img');
      image.src = e.thumbnail;
      image.alt = e.label === null ? 'no match' : e.label;
      item.append(image);
    }
    const what = document.createElement('div');
    what.className = 'what';
    const label = document.createElement('span');
    label.textContent = (e.label === null ? 'no match' : e.label) + (e.label === null ? '' : ' · ' + percent(e.score)) + (e.ambiguous ? ' · ambiguous' : '');
    const when = document.createElement('span');
    when.className = 'when';
    when.textContent = new Date(e.timestamp).toLocaleTimeString() + ' · ' + e.frame;
    what.append(label, when);
    item.append(what);
    return item;
  }));
}

// The barcode reader's last scans; the panel stays hidden when the reader is off (the API has no content).
function scanItem(s) {
  const item = document.createElement('li');
  const what = document.createElement('div');
  what.className = 'what';
  const code = document.createElement('span');
  code.className = 'code';
  code.textContent = s.text;
  const when = document.createElement('span');
  when.className = 'when';
  const decided = s.classification && s.classification.label !== null ? ' · ' + s.classification.label : '';
  when.textContent = s.format + decided + ' · ' + new Date(s.timestamp).toLocaleTimeString() + ' · ' + s.sequence;
  what.append(code, when);
  item.append(what);
  return item;
}

async function pollScans() {
  let scans;
  try { scans = await getJson('/api/scans'); } catch (e) { setTimeout(pollScans, 2000); return; }
  if (scans === null) return;
  $('scans-panel').hidden = false;
  $('scans').replaceChildren(...scans.map(scanItem));
  setTimeout(pollScans, 2000);
}

function listenForDecisions() {
  const source = new EventSource('/api/decisions');
  source.onmessage = (message) => {
    showDecision(JSON.parse(message.data));
    refreshEvents().catch(() => {});
  };
}

const healthClass = { ok: 'ok', idle: 'idle', starting: 'idle', overBudget: 'warn', noBroker: 'warn', noCamera: 'bad', error: 'bad' };

function showStats(s) {
  const badge = $('health');
  badge.textContent = s.health;
  badge.className = 'badge ' + (healthClass[s.health] || '');
  $('degrade').textContent = s.degradeLevel + ' (' + s.degradeState + ')';
  $('camera').textContent = s.source + ' · ' + s.cameraFps.toFixed(1) + ' fps · reconnects ' + s.reconnects + ' · stalls ' + s.stalls;
  $('frames').textContent = s.framesProcessed + ' processed · ' + s.drops + ' dropped · ' + s.misses + ' misses';
  $('model').textContent = s.model;
  $('provider').textContent = s.provider;
  // The stats have a collect block while collecting is on, and so there is a labelling page.
  $('labels-link').hidden = !s.collect;
  const seconds = lastStats ? Math.max(0.001, s.uptimeSeconds - lastStats.uptimeSeconds) : 1;
  history.push({
    fps: lastStats ? (s.framesProcessed - lastStats.framesProcessed) / seconds : 0,
    misses: lastStats ? (s.misses - lastStats.misses) / seconds : 0,
    inf50: s.stages.inference.p50, inf95: s.stages.inference.p95,
    tot50: s.stages.total.p50, tot95: s.stages.total.p95,
  });
  if (history.length > historyLength) history.shift();
  lastStats = s;
  drawChart();
}

function drawChart() {
  const canvas = $('chart');
  const g = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  g.clearRect(0, 0, w, h);
  const top = (key) => Math.max(1, ...history.map((p) => p[key]));
  const msTop = Math.max(top('tot95'), top('inf95'));
  const fpsTop = Math.max(top('fps'), top('misses'));
  const line = (key, max, colour, dash) => {
    g.strokeStyle = colour;
    g.setLineDash(dash ? [4, 3] : []);
    g.beginPath();
    history.forEach((p, i) => {
      const x = (i / (historyLength - 1)) * w;
      const y = h - 4 - (p[key] / max) * (h - 14);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
  };
  line('fps', fpsTop, '#66bb6a');
  line('misses', fpsTop, '#ef5350');
  line('inf50', msTop, '#4fc3f7');
  line('inf95', msTop, '#4fc3f7', true);
  line('tot50', msTop, '#ba68c8');
  line('tot95', msTop, '#ba68c8', true);
  g.setLineDash([]);
  g.fillStyle = '#9aa0a6';
  g.font = '11px system-ui';
  g.fillText(msTop.toFixed(0) + ' ms · ' + fpsTop.toFixed(1) + ' /s', 4, 11);
}

async function pollStats() {
  try { showStats(await getJson('/api/stats')); } catch (e) { $('health').textContent = 'offline'; $('health').className = 'badge bad'; }
  setTimeout(pollStats, 1000);
}

async function control(command, body) {
  const response = await fetch('/api/control/' + command, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-EdgeClassifier-Control': '1' },
    body: body === undefined ? '' : JSON.stringify(body),
  });
  const result = await response.json().catch(() => ({ ok: false, error: 'HTTP ' + response.status }));
  $('control-result').textContent = command + ': ' + (result.ok ? 'done' + (result.snapshot ? ' (' + result.snapshot + ')' : '') : result.error);
}

async function setUp() {
  const me = await getJson('/api/me');
  if (me.role === 'operator') {
    $('controls').hidden = false;
    for (const command of ['pause', 'resume', 'snapshot', 'reload']) {
      $(command).addEventListener('click', () => control(command));
    }
    $('threshold-form').addEventListener('submit', (event) => {
      event.preventDefault();
      control('threshold', { value: Number($('threshold').value) });
    });
  }
  const state = await getJson('/api/state');
  if (state) showDecision(state);
  listenForDecisions();
  refreshEvents().catch(() => {});
  pollScans();
  pollStats();
}

setUp();
