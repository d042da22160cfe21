'use strict';
// The web page of `skplugins serve`: calls the REST API (/api/tokens/compare, /api/songs/recommend) and renders the results.

// The book's six background colours for tokens (show_tokens in chapter 2).
const BOOK_COLOURS = ['102,194,165', '252,141,98', '141,160,203', '231,138,195', '166,216,84', '255,217,47'];
const BOOK_TEXT = 'English and CAPITALIZATION\n🎵 鸟\nshow_tokens False None elif == >= else: two tabs:"    " Three tabs: "       "\n12.0*50=600';

const $ = (id) => document.getElementById(id);

async function callApi(path, body) {
  const headers = { 'Content-Type': 'application/json' };
  const key = $('api-key').value.trim();
  if (key) headers['X-Api-Key'] = key;
  localStorage.setItem('skplugins-api-key', key);
  const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) {
    const detail = json && (json.detail || json.title) || text || response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return json;
}

function showError(id, error) {
  const element = $(id);
  element.textContent = error ? String(error.message || error) : '';
  element.hidden = !error;
}

// Accepts the shapes a comparison may take: an array of rows, {results|tokenizers|comparisons: [...]}, or {name: row}.
function comparisonRows(result) {
  if (Array.isArray(result)) return result;
  for (const key of ['results', 'tokenizers', 'comparisons', 'rows', 'items']) {
    if (result && Array.isArray(result[key])) return result[key];
  }
  if (result && typeof result === 'object') {
    return Object.entries(result).filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v)).map(([k, v]) => ({ tokenizer: k, ...v }));
  }
  return [];
}

function tokenText(token) {
  if (typeof token === 'string') return token;
  if (token && typeof token === 'object') return token.text ?? token.token ?? token.value ?? JSON.stringify(token);
  return String(token);
}

function renderComparison(result) {
  const container = $('token-rows');
  container.replaceChildren();
  for (const row of comparisonRows(result)) {
    const name = row.tokenizer ?? row.name ?? row.model ?? '?';
    const tokens = Array.isArray(row.tokens) ? row.tokens.map(tokenText) : [];
    const count = row.count ?? row.token_count ?? tokens.length;
    const div = document.createElement('div');
    div.className = 'token-row';
    div.dataset.tokenizer = name;
    const title = document.createElement('h3');
    title.textContent = name + ' ';
    const stats = document.createElement('span');
    stats.className = 'stats';
    const perToken = row.characters_per_token ?? row.chars_per_token;
    const unknown = row.unknown_count ?? row.unknown_tokens;
    stats.textContent = `${count} tokens` + (perToken != null ? ` · ${Number(perToken).toFixed(2)} characters/token` : '') + (unknown ? ` · ${unknown} unknown` : '');
    stats.dataset.count = count;
    title.append(stats);
    const line = document.createElement('div');
    line.className = 'tokens';
    tokens.forEach((token, i) => {
      const span = document.createElement('span');
      span.className = 'tok';
      span.style.backgroundColor = `rgb(${BOOK_COLOURS[i % BOOK_COLOURS.length]})`;
      span.textContent = token.replace(/\n/g, '\\n');
      line.append(span);
    });
    div.append(title, line);
    container.append(div);
  }
}

function songsOf(result) {
  if (Array.isArray(result)) return result;
  for (const key of ['results', 'recommendations', 'songs', 'neighbours', 'neighbors']) {
    if (result && Array.isArray(result[key])) return result[key];
  }
  return [];
}

function renderSongs(result) {
  const seed = result && (result.song ?? result.query);
  $('song-seed').textContent = seed && typeof seed === 'object' ? `Like “${seed.title ?? seed.id}”${seed.artist ? ' by ' + seed.artist : ''}:` : '';
  const body = $('song-results').querySelector('tbody');
  body.replaceChildren();
  songsOf(result).forEach((song, i) => {
    const tr = document.createElement('tr');
    for (const value of [i + 1, song.title ?? song.id, song.artist ?? '', song.score != null ? Number(song.score).toFixed(4) : '']) {
      const td = document.createElement('td');
      td.textContent = value;
      tr.append(td);
    }
    body.append(tr);
  });
  $('song-results').hidden = body.children.length === 0;
}

async function compare() {
  showError('token-error', null);
  const body = { text: $('token-text').value };
  const names = $('token-names').value.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length) body.tokenizers = names;
  try { renderComparison(await callApi('/api/tokens/compare', body)); } catch (error) { showError('token-error', error); }
}

async function recommend() {
  showError('song-error', null);
  const song = $('song-query').value.trim();
  if (!song) { showError('song-error', 'type a song title, artist or id'); return; }
  try { renderSongs(await callApi('/api/songs/recommend', { song, topn: Number($('song-topn').value) || 5 })); } catch (error) { showError('song-error', error); }
}

$('token-text').value = BOOK_TEXT;
$('api-key').value = localStorage.getItem('skplugins-api-key') || '';
$('compare').addEventListener('click', compare);
$('recommend').addEventListener('click', recommend);
$('song-query').addEventListener('keydown', (e) => { if (e.key === 'Enter') recommend(); });
