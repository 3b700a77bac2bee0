// The labelling page: the collected frames by label folder, newest first, with their scores; operators move a frame
// to another label folder or delete it. Plain DOM code, no libraries: the board serves everything itself.
'use strict';

const pageSize = 24;
let folders = [];
let labels = [];
let current = null;
let offset = 0;
let operator = false;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function loadFolders() {
  const data = await getJson('/api/collected', 404);
  if (data === null) {
    $('state').textContent = 'Collecting is off (Collect:Enabled=false).';
    return;
  }
  ({ folders, labels } = data);
  if (!folders.some((f) => f.name === current)) {
    current = folders.length > 0 ? folders[0].name : null;
    offset = 0;
  }
  $('state').textContent = folders.length === 0 ? 'Nothing collected yet.' : '';
  $('folders').replaceChildren(...folders.map((f) => {
    const button = element('button', 'folder', f.name + ' (' + f.count + ')');
    button.type = 'button';
    button.dataset.folder = f.name;
    if (f.name === current) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => { current = f.name; offset = 0; loadFolders(); });
    const item = element('li');
    item.append(button);
    return item;
  }));
  await loadFrames();
}

async function loadFrames() {
  const page = current === null ? null
    : await getJson('/api/collected/frames?folder=' + encodeURIComponent(current) + '&offset=' + offset + '&limit=' + pageSize, 404);
  const frames = page === null ? [] : page.frames;
  const total = page === null ? 0 : page.total;
  $('folder-title').textContent = current === null ? 'Frames' : current + ' · ' + total + (total === 1 ? ' frame' : ' frames');
  const choices = operator ? targetChoices() : null;
  $('frames').replaceChildren(...frames.map((f) => frameItem(f, choices)));
  $('range').textContent = total === 0 ? '' : (offset + 1) + '–' + (offset + frames.length) + ' of ' + total;
  $('newer').disabled = offset === 0;
  $('older').disabled = offset + frames.length >= total;
}

// The folders a frame may go to: the other existing folders, then the model's labels that have none yet.
function targetChoices() {
  const select = element('select', 'target');
  const prompt = element('option', '', 'Move to…');
  prompt.value = '';
  select.append(prompt);
  const existing = folders.map((f) => f.name).filter((name) => name !== current);
  const group = (title, names) => {
    if (names.length === 0) return;
    const optgroup = element('optgroup');
    optgroup.label = title;
    optgroup.append(...names.map((name) => { const option = element('option', '', name); option.value = name; return option; }));
    select.append(optgroup);
  };
  group('Folders', existing);
  group('Model labels', labels.filter((name) => name !== current && !existing.includes(name)));
  return select;
}

function frameItem(f, choices) {
  const item = element('li', 'frame');
  item.dataset.id = f.id;
  const image = element('img');
  image.src = f.image;
  image.loading = 'lazy';
  image.alt = f.id;
  item.append(image);
  const s = f.sidecar;
  if (s) {
    item.append(element('div', 'top1', (s.label === null ? 'no match' : s.label) + ' · ' + percent(s.score) + ' · ' + s.reason));
    const top = element('ol', 'scores');
    top.append(...(s.top || []).slice(0, 3).map((c) => element('li', '', c.label + ' ' + percent(c.score))));
    item.append(top, element('div', 'when', new Date(s.timestamp).toLocaleString() + (s.frame ? ' · ' + s.frame : '')));
  } else {
    item.append(element('div', 'when', 'no sidecar · ' + f.id));
  }
  if (choices) {
    const select = choices.cloneNode(true);
    const move = element('button', 'move', 'Move');
    move.type = 'button';
    move.addEventListener('click', () => { if (select.value) change('move', { id: f.id, to: select.value }); });
    const remove = element('button', 'delete', 'Delete');
    remove.type = 'button';
    remove.addEventListener('click', () => { if (confirm('Delete ' + f.id + '?')) change('delete', { id: f.id }); });
    const actions = element('div', 'actions');
    actions.append(select, move, remove);
    item.append(actions);
  }
  return item;
}

async function change(action, body) {
  const response = await fetch('/api/collected/' + action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-EdgeClassifier-Control': '1' },
    body: JSON.stringify(body),
  });
  const result = await response.json().catch(() => ({ ok: false, error: 'HTTP ' + response.status }));
  $('result').textContent = !result.ok ? result.error : action === 'move' ? 'moved ' + body.id + ' to ' + result.id : 'deleted ' + body.id;
  await loadFolders();
}

async function setUp() {
  const me = await getJson('/api/me', 404);
  operator = me !== null && me.role === 'operator';
  $('refresh').addEventListener('click', () => loadFolders());
  $('newer').addEventListener('click', () => { offset = Math.max(0, offset - pageSize); loadFrames(); });
  $('older').addEventListener('click', () => { offset += pageSize; loadFrames(); });
  await loadFolders();
}

setUp();
